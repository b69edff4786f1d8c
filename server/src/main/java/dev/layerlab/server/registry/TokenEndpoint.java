package dev.layerlab.server.registry;

import dev.layerlab.runtime.registry.RegistryError;
import dev.layerlab.runtime.registry.RegistryException;
import dev.layerlab.runtime.registry.RepositoryName;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/token?service=layerlab&scope=repository:alice/app:pull,push}, Docker Hub's token flow: basic
 * auth with a learner's registry name and token (or none: anonymous), answered with a bearer token holding
 * what was asked for and is allowed. Anyone may pull any repository and list the catalog; only the owner
 * of a namespace ({@code alice} of {@code alice/app}) may push or delete in it. Wrong credentials are 401;
 * asking for more than allowed is not an error, the token just holds less (as Docker Hub does).
 */
final class TokenEndpoint {
    static final String SERVICE = "layerlab";
    private static final int MAX_SCOPES = 16;

    private final RegistryAccounts accounts;
    private final RegistryTokens tokens;

    TokenEndpoint(RegistryAccounts accounts, RegistryTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    void handle(Context ctx) {
        String subject = authenticate(ctx.header("Authorization"));
        List<String> scopes = new ArrayList<>();
        for (String s : ctx.queryParams("scope")) {
            scopes.addAll(List.of(s.split(" "))); // some clients put several scopes in one parameter
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new RegistryException(RegistryError.DENIED, "at most " + MAX_SCOPES + " scopes in one token");
        }
        List<RegistryTokens.Access> granted = new ArrayList<>();
        for (String scope : scopes) {
            grant(subject, scope).ifPresent(granted::add);
        }
        String token = tokens.issue(subject, granted);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", RegistryTokens.LIFETIME.toSeconds());
        body.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ctx.json(body);
    }

    /** The account name of valid basic credentials, "" without any; wrong ones are refused. */
    private String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryError.UNAUTHORIZED, "malformed basic credentials");
        }
        int colon = decoded.indexOf(':');
        Optional<RegistryAccounts.Account> account = colon < 0 ? Optional.empty()
                : accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
        return account.map(RegistryAccounts.Account::name).orElseThrow(() -> new RegistryException(RegistryError.UNAUTHORIZED,
                "incorrect username or password"));
    }

    /** What of {@code type:name:actions} the subject may have; nothing for an unknown type or a bad name. */
    private static Optional<RegistryTokens.Access> grant(String subject, String scope) {
        String[] parts = scope.split(":");
        if (parts.length < 3) {
            return Optional.empty();
        }
        String type = parts[0];
        String name = String.join(":", List.of(parts).subList(1, parts.length - 1));
        Set<String> wanted = Set.of(parts[parts.length - 1].split(","));
        Set<String> allowed = new LinkedHashSet<>();
        if (type.equals("registry") && name.equals("catalog") && wanted.contains("*")) {
            allowed.add("*");
        } else if (type.equals("repository") && RepositoryName.isValid(name)) {
            boolean owner = !subject.isEmpty() && new RepositoryName(name).namespace().equals(subject);
            for (String action : wanted) {
                if (action.equals("pull") || (owner && Set.of("push", "delete", "*").contains(action))) {
                    allowed.add(action);
                }
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(new RegistryTokens.Access(type, name, allowed));
    }
}
