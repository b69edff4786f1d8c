package dev.layerlab.server.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;

/** One client-to-server text frame of {@link TerminalSocket}'s protocol, parsed and checked. */
sealed interface ClientMessage {
    /** Keystrokes (or a paste) to type into the shell. */
    record Input(String data) implements ClientMessage {
    }

    /** The client's terminal size in character cells. */
    record Resize(int cols, int rows) implements ClientMessage {
    }

    /** A frame that is not part of the protocol, with what was wrong, for the client. */
    final class BadMessage extends Exception {
        BadMessage(String message) {
            super(message);
        }
    }

    static ClientMessage parse(String text) throws BadMessage {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new BadMessage("expected a JSON object such as {\"type\":\"input\",\"data\":\"ls\\r\"}");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new BadMessage("missing \"type\" (\"input\" or \"resize\")");
        }
        return switch (type.textValue()) {
            case "input" -> {
                JsonNode data = node.get("data");
                if (data == null || !data.isTextual()) {
                    throw new BadMessage("input needs \"data\", a string");
                }
                yield new Input(data.textValue());
            }
            case "resize" -> new Resize(size(node, "cols"), size(node, "rows"));
            default -> throw new BadMessage("unknown type \"" + abbreviate(type.textValue())
                    + "\": expected \"input\" or \"resize\"");
        };
    }

    private static int size(JsonNode node, String field) throws BadMessage {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()
                || n.intValue() < 1 || n.intValue() > Terminal.MAX_SIZE) {
            throw new BadMessage("resize needs \"" + field + "\", a whole number from 1 to " + Terminal.MAX_SIZE);
        }
        return n.intValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
