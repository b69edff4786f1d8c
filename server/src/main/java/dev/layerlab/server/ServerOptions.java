package dev.layerlab.server;

import java.nio.file.Path;

/** Command-line options of the server: {@code --port P --data-dir D [--skip-base-images]}. */
record ServerOptions(int port, Path dataDir, boolean skipBaseImages) {

    static ServerOptions parse(String[] args) {
        int port = 8080;
        Path dataDir = Path.of("/var/lib/layerlab");
        boolean skipBase = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--skip-base-images" -> skipBase = true;
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            }
        }
        return new ServerOptions(port, dataDir, skipBase);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return "usage: java -jar layerlab.jar [--port 8080] [--data-dir /var/lib/layerlab] [--skip-base-images]";
    }
}
