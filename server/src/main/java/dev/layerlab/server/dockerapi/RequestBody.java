package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Chooses the body framing of a request, refusing the ambiguous combinations used for smuggling. */
final class RequestBody {
    /** How much unread body we swallow to keep a connection alive; beyond that closing is cheaper. */
    static final int MAX_DRAIN = 256 * 1024;

    private RequestBody() {
    }

    static InputStream open(RequestHead head, HttpInput in) throws IOException {
        Headers h = head.headers();
        List<String> lengths = h.all("Content-Length");
        if (h.contains("Transfer-Encoding")) {
            if (!lengths.isEmpty()) {
                throw new HttpProtocolException(400, "both Content-Length and Transfer-Encoding are set");
            }
            if (!h.first("Transfer-Encoding").equalsIgnoreCase("chunked") || h.all("Transfer-Encoding").size() > 1) {
                throw new HttpProtocolException(501, "unsupported transfer encoding " + h.all("Transfer-Encoding"));
            }
            return new ChunkedInputStream(in);
        }
        if (lengths.isEmpty()) {
            return InputStream.nullInputStream();
        }
        long length = -1;
        for (String value : lengths) {
            long v = parseLength(value);
            if (length >= 0 && v != length) {
                throw new HttpProtocolException(400, "conflicting Content-Length headers");
            }
            length = v;
        }
        return length == 0 ? InputStream.nullInputStream() : new FixedLengthInputStream(in, length);
    }

    private static long parseLength(String value) throws HttpProtocolException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new HttpProtocolException(400, "malformed Content-Length");
        }
        return Long.parseLong(value);
    }

    /** Reads what is left of the body, up to {@link #MAX_DRAIN}; true when it reached the end. */
    static boolean drain(InputStream body) {
        try {
            byte[] skip = new byte[8192];
            long total = 0;
            int n;
            while ((n = body.read(skip)) >= 0) {
                total += n;
                if (total > MAX_DRAIN) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
