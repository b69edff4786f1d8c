package dev.layerlab.runtime.build.dockerfile;

/**
 * The {@code ${NAME<op>word}} forms: {@code -} {@code +} {@code ?} with or without a colon (with it an
 * empty value counts as unset), as buildkit's lex.go. Docker 20.10 itself knew only the colon forms.
 * The pattern operators {@code # % /} of newer buildkit are refused as unsupported modifiers.
 */
final class Substitution {
    private Substitution() {
    }

    /** Called after NAME and the operator's first character were read. */
    static String apply(ShellScanner scanner, String name, int first) {
        boolean nullIsUnset = first == ':';
        int op = nullIsUnset ? scanner.nextChar() : first;
        if (op != '-' && op != '+' && op != '?') {
            // Docker 20.10 words ${V:x} as "(x)"; newer buildkit adds the colon. We keep 20.10's text.
            String shown = op == ShellScanner.EOF ? "" : Character.toString(op);
            throw new ShellScanner.LexError("unsupported modifier (" + shown + ") in substitution");
        }
        String word = scanner.substitutionWord();
        String value = scanner.lookup(name);
        boolean set = value != null;
        if (!set && scanner.skipUnsetEnv()) {
            return "${" + name + (nullIsUnset ? ":" : "") + Character.toString(op) + word + "}";
        }
        boolean unset = !set || (nullIsUnset && value.isEmpty());
        return switch (op) {
            case '-' -> unset ? word : value;
            case '+' -> unset ? "" : word;
            default -> {
                if (!set) {
                    throw new ShellScanner.LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (unset) {
                    throw new ShellScanner.LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                yield value;
            }
        };
    }
}
