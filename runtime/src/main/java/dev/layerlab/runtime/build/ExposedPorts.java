package dev.layerlab.runtime.build;

/** EXPOSE values as Docker stores them: {@code 80} becomes {@code 80/tcp}; ranges and bad values are refused. */
final class ExposedPorts {
    private ExposedPorts() {
    }

    static String normalise(String spec) {
        String port = spec;
        String proto = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            port = spec.substring(0, slash);
            proto = spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new BuildFailedException("invalid proto: " + proto);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535 || Integer.parseInt(port) == 0) {
            throw new BuildFailedException("Invalid containerPort: " + port
                    + (port.contains("-") ? " (this playground does not support port ranges)" : ""));
        }
        return Integer.parseInt(port) + "/" + proto;
    }
}
