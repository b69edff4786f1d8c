package dev.layerlab.server.dockerapi;

import java.io.IOException;

/**
 * Request line and headers of one request, parsed with a budget: the whole head (request line plus
 * headers) may not exceed {@code maxHeadBytes}, like Go's MaxHeaderBytes, so a hostile client gets a
 * 431 instead of growing our heap.
 */
record RequestHead(String method, String target, String httpVersion, Headers headers) {

    static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;

    boolean isHttp10() {
        return "HTTP/1.0".equals(httpVersion);
    }

    /** Returns null when the client closed the connection between requests. */
    static RequestHead read(HttpInput in, int maxHeadBytes) throws IOException {
        int budget = maxHeadBytes;
        String line = readLine(in, budget);
        // RFC 9112 2.2: ignore empty lines before a request line (some clients send a CRLF after a body).
        while (line != null && line.isEmpty()) {
            budget -= 2;
            line = readLine(in, budget);
        }
        if (line == null) {
            return null;
        }
        budget -= line.length() + 2;
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !parts[2].matches("HTTP/1\\.[01]")) {
            throw new HttpProtocolException(400, "malformed HTTP request line");
        }
        Headers headers = new Headers();
        while (true) {
            String h = readLine(in, budget);
            if (h == null) {
                throw new HttpProtocolException(400, "connection closed inside the request head");
            }
            if (h.isEmpty()) {
                break;
            }
            budget -= h.length() + 2;
            if (budget < 0) {
                throw tooLarge();
            }
            int colon = h.indexOf(':');
            // A space before the colon or a folded continuation line is a smuggling vector: refuse both.
            if (colon <= 0 || !isToken(h.substring(0, colon))) {
                throw new HttpProtocolException(400, "malformed HTTP header");
            }
            headers.add(h.substring(0, colon), h.substring(colon + 1).strip());
        }
        return new RequestHead(parts[0], parts[1], parts[2], headers);
    }

    private static String readLine(HttpInput in, int budget) throws IOException {
        if (budget <= 0) {
            throw tooLarge();
        }
        try {
            return in.readLine(budget);
        } catch (HttpInput.LineTooLongException e) {
            throw tooLarge();
        }
    }

    private static HttpProtocolException tooLarge() {
        return new HttpProtocolException(431, "request header fields too large");
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
