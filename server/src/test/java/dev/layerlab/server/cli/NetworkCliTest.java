package dev.layerlab.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User networks through the real docker CLI (20.10, and 28.2.2 where it says so): names resolved by the
 * embedded DNS on a user network and not on the default bridge, connect/disconnect, rm/prune, --ip,
 * -p, and isolation between networks and between sandboxes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    @RegisterExtension
    static final SandboxFixture neighbour = new SandboxFixture();

    /** A busybox web server on {@code network} answering {@code page}, detached. */
    private static void webServer(DockerCli cli, String name, String network, String page, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "-d", "--name", name, "--network", network));
        args.addAll(java.util.List.of(extra));
        args.addAll(java.util.List.of("busybox", "sh", "-c", "mkdir /www && echo " + page
                + " > /www/index.html && exec httpd -f -p 80 -h /www"));
        cli.run(args.toArray(String[]::new)).assertOk();
    }

    private static String ip(DockerCli cli, String container, String network) throws Exception {
        return cli.run("inspect", container, "--format", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}")
                .assertOk().out();
    }

    @Test
    void containers_on_a_user_network_resolve_each_other_and_the_default_bridge_does_not() throws Exception {
        String id = fx.cli.run("network", "create", "front").assertOk().out();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        webServer(fx.cli, "web", "front", "hello-front", "--network-alias", "www");
        try {
            String webIp = ip(fx.cli, "web", "front");
            assertTrue(webIp.startsWith("172.18.0."), webIp);
            fx.cli.run("run", "--rm", "--network", "front", "busybox", "ping", "-c1", "-W2", "web").assertOk();
            String lookup = fx.cli.run("run", "--rm", "--network", "front", "busybox", "nslookup", "www").assertOk().stdout();
            assertTrue(lookup.contains("Address: " + webIp), lookup);
            assertEquals("hello-front", fx.cli.run("run", "--rm", "--network", "front", "busybox", "wget", "-qO-", "http://web/")
                    .assertOk().out());
            String resolv = fx.cli.run("run", "--rm", "--network", "front", "busybox", "cat", "/etc/resolv.conf").assertOk().stdout();
            assertTrue(resolv.contains("nameserver 127.0.0.11\n") && resolv.contains("options ndots:0"), resolv);

            CliResult plain = fx.cli.run("run", "--rm", "busybox", "ping", "-c1", "-W2", "web");
            assertNotEquals(0, plain.exitCode(), "no names on the default bridge, as in Docker: " + plain.stdout());
            assertFalse(fx.cli.run("run", "--rm", "busybox", "cat", "/etc/resolv.conf").assertOk().stdout().contains("127.0.0.11"));
            assertNotEquals(0, fx.cli.run("run", "--rm", "busybox", "ping", "-c1", "-W1", webIp).exitCode(),
                    "the default bridge does not reach a user network");

            String endpoint = fx.cli.run("inspect", "web", "--format",
                    "{{json .HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.Aliases}} {{$v.NetworkID}} {{$v.Gateway}} {{$v.MacAddress}}{{end}} [{{.NetworkSettings.IPAddress}}]")
                    .assertOk().out();
            assertTrue(endpoint.startsWith("\"front\" front [www] " + id + " 172.18.0.1 02:42:ac:12:00:"), endpoint);
            assertTrue(endpoint.endsWith("[]"), "top-level addresses are the default bridge's only: " + endpoint);
            String net = fx.cli.run("network", "inspect", "front", "--format",
                    "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}")
                    .assertOk().out();
            assertEquals("172.18.0.0/16 172.18.0.1 web " + webIp + "/16", net);
            assertEquals(id, fx.cli.run("network", "inspect", id.substring(0, 6), "--format", "{{.Id}}").assertOk().out());
            assertEquals("web front", fx.cli.run("ps", "--filter", "network=front", "--format", "{{.Names}} {{.Networks}}")
                    .assertOk().out());
            assertEquals("web", fx.cli.run("ps", "--filter", "network=" + id, "--format", "{{.Names}}").assertOk().out());
            String ls = fx.cli.run("network", "ls", "--format", "{{.Name}} {{.Driver}}").assertOk().stdout();
            assertEquals("bridge bridge\nfront bridge\nhost host\nnone null\n", ls);

            CliResult busy = fx.cli.run("network", "rm", "front");
            assertEquals(1, busy.exitCode());
            assertTrue(busy.stderr().contains("error while removing network: network front id " + id + " has active endpoints"),
                    busy.stderr());
        } finally {
            fx.cli.run("rm", "-f", "web");
        }
        fx.cli.run("network", "rm", "front").assertOk();
        assertTrue(fx.cli.run("network", "inspect", "front").stderr().contains("No such network: front"));
    }

    @Test
    void a_running_container_is_connected_and_disconnected() throws Exception {
        fx.cli.run("network", "create", "joinme").assertOk();
        webServer(fx.cli, "hub", "joinme", "hello-hub");
        fx.cli.run("run", "-d", "--name", "lone", "busybox", "sleep", "300").assertOk();
        try {
            String hubIp = ip(fx.cli, "hub", "joinme");
            assertNotEquals(0, fx.cli.run("exec", "lone", "ping", "-c1", "-W1", hubIp).exitCode());
            fx.cli.run("network", "connect", "--alias", "loner", "joinme", "lone").assertOk();
            String eth1 = fx.cli.run("exec", "lone", "ip", "-4", "addr", "show", "eth1").assertOk().stdout();
            assertTrue(eth1.contains("inet " + ip(fx.cli, "lone", "joinme") + "/16"), eth1);
            assertEquals("hello-hub", fx.cli.run("exec", "lone", "wget", "-qO-", "http://" + hubIp + "/").assertOk().out());
            String back = fx.cli.run("exec", "hub", "nslookup", "loner").assertOk().stdout();
            assertTrue(back.contains("Address: " + ip(fx.cli, "lone", "joinme")), back);
            CliResult twice = fx.cli.run("network", "connect", "joinme", "lone");
            assertTrue(twice.stderr().contains("endpoint with name lone already exists in network joinme"), twice.stderr());

            fx.cli.run("network", "disconnect", "joinme", "lone").assertOk();
            assertNotEquals(0, fx.cli.run("exec", "lone", "ip", "link", "show", "eth1").exitCode());
            assertNotEquals(0, fx.cli.run("exec", "lone", "ping", "-c1", "-W1", hubIp).exitCode());
            assertEquals("bridge", fx.cli.run("inspect", "lone", "--format",
                    "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}").assertOk().out());
            fx.cli.run("network", "disconnect", "bridge", "lone").assertOk();
            assertEquals("lo", fx.cli.run("exec", "lone", "ls", "/sys/class/net").assertOk().out(), "on no network at all");
            fx.cli.run("network", "connect", "bridge", "lone").assertOk();
            assertTrue(fx.cli.run("exec", "lone", "ip", "-4", "addr", "show", "eth0").assertOk().stdout().contains("inet 172.20.0."));
        } finally {
            fx.cli.run("rm", "-f", "hub", "lone");
            fx.cli.run("network", "rm", "joinme");
        }
    }

    @Test
    void prune_rm_and_the_predefined_networks() throws Exception {
        fx.cli.run("network", "create", "spare").assertOk();
        String pruned = fx.cli.run("network", "prune", "-f").assertOk().stdout();
        assertTrue(pruned.contains("Deleted Networks:\nspare\n"), pruned);
        CliResult bridge = fx.cli.run("network", "rm", "bridge");
        assertTrue(bridge.stderr().contains("bridge is a pre-defined network and cannot be removed"), bridge.stderr());
        CliResult dup = fx.cli.run("network", "create", "none");
        assertTrue(dup.stderr().contains("network with name none already exists"), dup.stderr());
        CliResult overlap = fx.cli.run("network", "create", "--subnet", "172.20.0.0/24", "clash");
        assertTrue(overlap.stderr().contains("Pool overlaps with other one on this address space"), overlap.stderr());
        CliResult missing = fx.cli.run("run", "--rm", "--network", "nope", "busybox", "true");
        assertTrue(missing.stderr().contains("network nope not found"), missing.stderr());
        CliResult host = fx.cli.run("run", "--rm", "--network", "host", "busybox", "true");
        assertNotEquals(0, host.exitCode());
        assertEquals("lo", fx.cli.run("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net").assertOk().out());
    }

    @Test
    void fixed_addresses_published_ports_and_isolation_between_user_networks() throws Exception {
        fx.cli.run("network", "create", "--subnet", "10.99.0.0/24", "--gateway", "10.99.0.254", "fixed").assertOk();
        fx.cli.run("network", "create", "apart").assertOk();
        webServer(fx.cli, "pinned", "fixed", "hello-pinned", "--ip", "10.99.0.42", "-p", "8089:80");
        try {
            assertEquals("10.99.0.42", ip(fx.cli, "pinned", "fixed"));
            String route = fx.cli.run("run", "--rm", "--network", "fixed", "busybox", "ip", "route").assertOk().stdout();
            assertTrue(route.contains("default via 10.99.0.254"), route);
            CliResult taken = fx.cli.run("run", "--rm", "--network", "fixed", "--ip", "10.99.0.42", "busybox", "true");
            assertTrue(taken.stderr().contains("Address already in use"), taken.stderr());
            CliResult noSubnet = fx.cli.run("run", "--rm", "--network", "apart", "--ip", "172.19.0.9", "busybox", "true");
            assertTrue(noSubnet.stderr().contains("user specified IP address is supported only when connecting to networks"
                    + " with user configured subnets"), noSubnet.stderr());

            String published = fx.ok("exec 3<>/dev/tcp/127.0.0.1/8089; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3").stdout();
            assertTrue(published.endsWith("hello-pinned\n"), published);

            assertNotEquals(0, fx.cli.run("run", "--rm", "--network", "apart", "busybox", "ping", "-c1", "-W1", "10.99.0.42").exitCode(),
                    "one user network does not reach another");
            assertNotEquals(0, fx.cli.run("run", "--rm", "--network", "apart", "busybox", "ping", "-c1", "-W1", "pinned").exitCode());
        } finally {
            fx.cli.run("rm", "-f", "pinned");
            fx.cli.run("network", "rm", "fixed", "apart");
        }
    }

    @Test
    void another_sandbox_sees_nothing_of_these_networks() throws Exception {
        String id = fx.cli.run("network", "create", "--subnet", "10.98.0.0/24", "mine").assertOk().out();
        webServer(fx.cli, "secret", "mine", "hello-secret", "--ip", "10.98.0.7");
        try {
            String secretIp = ip(fx.cli, "secret", "mine");
            assertEquals("10.98.0.7", secretIp);
            assertFalse(neighbour.cli.run("network", "ls").assertOk().stdout().contains("mine"));
            assertTrue(neighbour.cli.run("network", "inspect", id).stderr().contains("No such network: " + id));
            assertTrue(neighbour.cli.run("network", "rm", id.substring(0, 12)).stderr().contains("No such network"));
            assertNotEquals(fx.cli.run("network", "inspect", "bridge", "--format", "{{.Id}}").out(),
                    neighbour.cli.run("network", "inspect", "bridge", "--format", "{{.Id}}").out());
            neighbour.cli.run("network", "create", "mine").assertOk(); // the same name is the neighbour's own
            try {
                CliResult ping = neighbour.cli.run("run", "--rm", "--network", "mine", "busybox", "ping", "-c1", "-W1", secretIp);
                assertNotEquals(0, ping.exitCode(), ping.stdout());
                CliResult lookup = neighbour.cli.run("run", "--rm", "--network", "mine", "busybox", "nslookup", "secret");
                assertFalse(lookup.stdout().contains(secretIp), lookup.stdout());
            } finally {
                neighbour.cli.run("network", "rm", "mine");
            }
        } finally {
            fx.cli.run("rm", "-f", "secret");
            fx.cli.run("network", "rm", "mine");
        }
    }

    @Test
    void the_newest_cli_does_the_same() throws Exception {
        DockerCli cli = fx.cli.newest();
        cli.run("network", "create", "--label", "lesson=9", "modern").assertOk();
        webServer(cli, "site", "modern", "hello-modern", "--network-alias", "portal");
        try {
            String lookup = cli.run("run", "--rm", "--network", "modern", "busybox", "nslookup", "portal").assertOk().stdout();
            assertTrue(lookup.contains("Address: " + ip(cli, "site", "modern")), lookup);
            assertEquals("hello-modern", cli.run("run", "--rm", "--network", "modern", "busybox", "wget", "-qO-",
                    "http://site/").assertOk().out());
            String dns = cli.run("inspect", "site", "--format", "{{(index .NetworkSettings.Networks \"modern\").DNSNames}}")
                    .assertOk().out();
            assertTrue(dns.startsWith("[site portal "), dns);
            assertEquals("9", cli.run("network", "inspect", "modern", "--format", "{{.Labels.lesson}}").assertOk().out());
            cli.run("run", "-d", "--name", "late", "busybox", "sleep", "300").assertOk();
            cli.run("network", "connect", "modern", "late").assertOk();
            assertEquals("hello-modern", cli.run("exec", "late", "wget", "-qO-", "http://" + ip(cli, "site", "modern") + "/")
                    .assertOk().out());
            cli.run("network", "disconnect", "modern", "late").assertOk();
            String ls = cli.run("network", "ls", "--filter", "name=modern", "--format", "{{.Name}}").assertOk().out();
            assertEquals("modern", ls);
        } finally {
            cli.run("rm", "-f", "site", "late");
            cli.run("network", "rm", "modern");
        }
    }
}
