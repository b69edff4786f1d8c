package dev.layerlab.server.registry;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tutorials' registry steps with the real docker CLI in two sandboxes: {@code docker login} with the
 * learner's registry name and token, {@code docker push <name>/app:1} into the built-in registry (no layer
 * copied), {@code docker pull} and {@code run} of it in another learner's sandbox; a bad login and a push
 * into someone else's namespace refused as Docker Hub refuses them.
 */
class RegistryCliTest {
    @RegisterExtension
    static final SandboxFixture alice = new SandboxFixture();
    @RegisterExtension
    static final SandboxFixture bob = new SandboxFixture();
    static RegistryAccounts.Account aliceAccount;
    static RegistryAccounts.Account bobAccount;

    @BeforeAll
    static void accounts() throws Exception {
        RegistryAccounts accounts = alice.service.registryAccounts();
        aliceAccount = accounts.ensure("learner-" + alice.sandbox.id(), "alice" + alice.sandbox.id().substring(0, 6));
        bobAccount = accounts.ensure("learner-" + bob.sandbox.id(), "bob" + bob.sandbox.id().substring(0, 6));
    }

    static String login(RegistryAccounts.Account a, String token) {
        return "echo '" + token + "' | docker login -u " + a.name() + " --password-stdin";
    }

    @Test
    void push_in_one_sandbox_pull_and_run_in_another() throws Exception {
        String app = aliceAccount.name() + "/app:1";
        CliResult in = alice.ok(login(aliceAccount, aliceAccount.token()));
        assertTrue(in.stdout().contains("Login Succeeded"), in.stdout());
        alice.ok("docker tag busybox " + app);
        Set<Digest> before = alice.engine.content().list();
        CliResult push = alice.ok("docker push " + app);
        assertTrue(push.stdout().contains("The push refers to repository [docker.io/" + aliceAccount.name() + "/app]"), push.stdout());
        assertTrue(push.stdout().contains("Pushed"), push.stdout());
        assertTrue(push.stdout().matches("(?s).*1: digest: sha256:[0-9a-f]{64} size: \\d+.*"), push.stdout());
        assertEquals(before, alice.engine.content().list(), "a push copies no byte: the registry's blobs are the engine's");
        CliResult again = alice.ok("docker push " + app);
        assertTrue(again.stdout().contains("Layer already exists"), again.stdout());

        CliResult pull = bob.ok("docker pull " + app);
        assertTrue(pull.stdout().contains("Pull complete"), pull.stdout());
        assertTrue(pull.stdout().contains("Status: Downloaded newer image for " + app), pull.stdout());
        assertEquals("hello from alice's image", bob.ok("docker run --rm " + app + " echo \"hello from alice's image\"").stdout().strip());
        assertTrue(bob.ok("docker images --format '{{.Repository}}:{{.Tag}}'").stdout().contains(app));
        assertTrue(bob.ok("docker pull " + app).stdout().contains("Status: Image is up to date for " + app));
    }

    @Test
    void a_bad_login_and_a_push_into_another_namespace_are_refused() throws Exception {
        CliResult bad = bob.shell(login(bobAccount, aliceAccount.token()));
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("incorrect username or password"), bad.stderr());
        bob.ok(login(bobAccount, bobAccount.token()));
        bob.ok("docker tag busybox " + aliceAccount.name() + "/stolen:1");
        CliResult denied = bob.shell("docker push " + aliceAccount.name() + "/stolen:1");
        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("denied: requested access to the resource is denied"), denied.stderr());
        bob.ok("docker rmi " + aliceAccount.name() + "/stolen:1");
        CliResult nothing = bob.shell("docker pull " + aliceAccount.name() + "/stolen:1");
        assertNotEquals(0, nothing.exitCode(), nothing.stdout());
    }
}
