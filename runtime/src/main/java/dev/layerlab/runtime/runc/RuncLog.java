package dev.layerlab.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads runc's error text from its JSON log or plain stderr, without the noise around it. */
final class RuncLog {
    private RuncLog() {
    }

    /** The last error-level message in runc's {@code --log-format json} file, or {@code fallback}. */
    static String lastError(Path logFile, String fallback) {
        try {
            if (!Files.exists(logFile)) {
                return fallback;
            }
            List<String> lines = Files.readAllLines(logFile);
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode entry = Json.MAPPER.readTree(lines.get(i));
                if (entry != null && "error".equals(entry.path("level").asText())) {
                    return clean(entry.path("msg").asText(fallback));
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
        return fallback;
    }

    /** Extracts a readable message from runc's stderr (plain, or logrus {@code msg="..."} text). */
    static String messageOf(String stderr) {
        String text = stderr.strip();
        int msg = text.lastIndexOf("msg=\"");
        if (msg >= 0) {
            int end = text.lastIndexOf('"');
            text = end > msg + 5 ? text.substring(msg + 5, end).replace("\\\"", "\"") : text;
        }
        return clean(text);
    }

    private static String clean(String message) {
        // runc wraps the interesting part: "runc create failed: unable to start container process: exec: ..."
        return message.replace("runc run failed: ", "").replace("runc create failed: ", "").strip();
    }
}
