package dev.layerlab.server.bench;

import dev.layerlab.server.cli.DockerCli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What learner A does to the machine, one thing at a time: each noise is started from A's own shell
 * (typed into A's terminal, as A would) or, for the HTTP ones, from clients on loopback; each bounds
 * itself in time (a {@code timeout} in the container, a deadline in the process) so nothing outlives
 * the benchmark, and {@link Noise#stop} ends it and removes what it left, returning what it achieved.
 */
final class NoisePhases {
    /** Seconds after which every noise container kills itself, should the benchmark not stop it first. */
    static final int SELF_BOUND = 90;

    interface Noise {
        void start() throws Exception;

        /** Ends the noise, cleans up, and tells what the noise did (its evidence). */
        String stop() throws Exception;
    }

    record Phase(String name, Noise noise) {
    }

    private final LearnerSession a;
    private final DockerCli aCli;
    private final String aId;
    private final int serverPort;

    NoisePhases(LearnerSession a, DockerCli aCli, String aId, int serverPort) {
        this.a = a;
        this.aCli = aCli;
        this.aId = aId;
        this.serverPort = serverPort;
    }

    List<Phase> all() {
        return List.of(
                new Phase("fork bomb", forkBomb()),
                new Phase("memory bomb", memoryBomb()),
                new Phase("10 CPU burners", cpuBurners()),
                new Phase("disk fill (2 GiB, again and again)", diskFill()),
                new Phase("log flood", logFlood()),
                new Phase("connection flood on A's Docker socket", socketFlood()),
                new Phase("tarpit behind /ports/, 300 requests at once", tarpit()),
                new Phase("3,000 slow HTTP clients", slowClients()));
    }

    /** A container's command, killed by itself after {@link #SELF_BOUND} seconds. */
    private static String bounded(String command) {
        return "timeout -s KILL " + SELF_BOUND + " " + command;
    }

    private void shell(String command) throws Exception {
        a.run(command, Duration.ofSeconds(60));
    }

    /** Removes every container of A's sandbox from outside (the bench as operator: A's own shell may be starved). */
    private void removeAll() throws Exception {
        String ids = aCli.run("ps", "-aq").assertOk().out();
        if (!ids.isBlank()) {
            List<String> argv = new ArrayList<>(List.of("rm", "-f"));
            argv.addAll(List.of(ids.split("\\s+")));
            aCli.run(argv.toArray(String[]::new)).assertOk();
        }
    }

    private Noise forkBomb() {
        return new Noise() {
            public void start() throws Exception {
                // sleep first, so the container's first bash has a child to wait for and stays (with it, the container)
                shell("docker run -d --name nb-fork debian " + bounded("bash -c 'sleep 1000 & :(){ :|:& };:; wait'") + " >/dev/null");
            }

            public String stop() throws Exception {
                long pids = SandboxUsage.pids(aId);
                removeAll();
                return "A's sandbox held " + pids + " processes (its container's pids limit: 512, the sandbox's: 1024)";
            }
        };
    }

    private Noise memoryBomb() {
        return new Noise() {
            public void start() throws Exception {
                SandboxUsage.resetMemoryPeak(aId);
                shell("docker run -d -m 4g --name nb-mem busybox "
                        + bounded("sh -c 'while :; do tail /dev/zero; echo oom-killed; done'") + " >/dev/null");
            }

            public String stop() throws Exception {
                long peak = SandboxUsage.memoryPeak(aId);
                int kills = count(aCli.run("logs", "nb-mem").stdout(), "oom-killed");
                removeAll();
                return String.format("tail /dev/zero OOM-killed %d times at A's sandbox limit; A's peak %.0f MiB (limit 2048)",
                        kills, peak / 1048576.0);
            }
        };
    }

    private Noise cpuBurners() {
        return new Noise() {
            public void start() throws Exception {
                shell("for i in $(seq 10); do docker run -d --name nb-cpu$i busybox "
                        + bounded("sh -c 'while :; do :; done'") + " >/dev/null; done");
            }

            public String stop() throws Exception {
                removeAll();
                return "10 containers spinning";
            }
        };
    }

    private Noise diskFill() {
        return new Noise() {
            long started;

            public void start() throws Exception {
                started = System.nanoTime();
                shell("docker run -d --name nb-disk busybox " + bounded("sh -c 'while :; do dd if=/dev/zero of=/fill"
                        + " bs=1M count=2048 conv=fsync 2>&1 | tail -1; rm -f /fill; done'") + " >/dev/null");
            }

            public String stop() throws Exception {
                String logs = aCli.run("logs", "nb-disk").stdout();
                String current = aCli.run("exec", "nb-disk", "stat", "-c", "%s", "/fill").out();
                double seconds = (System.nanoTime() - started) / 1e9;
                removeAll();
                long fills = count(logs, "2048+0 records out");
                double gib = fills * 2 + (current.matches("\\d+") ? Long.parseLong(current) : 0) / (double) (1L << 30);
                return String.format("%.1f GiB written in %.0f s (%d fills of 2 GiB, each fsynced, then deleted),"
                        + " on A's own disk (its quota)", gib, seconds, fills);
            }
        };
    }

    private Noise logFlood() {
        return new Noise() {
            public void start() throws Exception {
                shell("docker run -d --name nb-log busybox " + bounded("yes") + " >/dev/null");
            }

            public String stop() throws Exception {
                removeAll();
                return "`yes` to the container's json-file log (the engine pumps and writes every line)";
            }
        };
    }

    private Noise socketFlood() {
        return new Noise() {
            public void start() throws Exception {
                // Two processes (each has RLIMIT_NOFILE 1024): connect again and again for 25 s, holding
                // the newest 900 each; perl is in the sandbox host (Debian's perl-base), python is not.
                String perl = "perl -MIO::Socket::UNIX -e '$e=time+25; while (time<$e) { $c=IO::Socket::UNIX->new("
                        + "Peer=>\"/var/run/docker.sock\"); if ($c) { push @s,$c; $n++; shift @s if @s>900 } else"
                        + " { $f++; select(undef,undef,undef,0.005) } } print \"flood: $n connections, $f failed\\n\"'";
                shell("for i in 1 2; do " + perl + " & done");
            }

            public String stop() throws Exception {
                String out = a.run("wait", Duration.ofSeconds(60));
                Matcher m = Pattern.compile("flood: (\\d+) connections, (\\d*) failed").matcher(out);
                long made = 0;
                long failed = 0;
                while (m.find()) {
                    made += Long.parseLong(m.group(1));
                    failed += m.group(2).isEmpty() ? 0 : Long.parseLong(m.group(2));
                }
                return made + " connections made to A's socket by 2 processes in 25 s (" + failed
                        + " connects failed); beyond 64 at once each got a 503 and was closed";
            }
        };
    }

    private Noise tarpit() {
        AtomicBoolean stopping = new AtomicBoolean();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient[] http = new HttpClient[1];
        return new Noise() {
            public void start() throws Exception {
                shell("docker run -d --name nb-tarpit -p 8080:80 python " + bounded("python3 -c \"import socket;"
                        + " s = socket.create_server(('', 80), backlog=4096); held = [s.accept() for _ in iter(int, 1)]\"")
                        + " >/dev/null");
                Thread.sleep(1500); // python starts listening
                http[0] = a.sameBrowser(); // its own connections, closed with it: they are not left to the idle timeout
                for (int i = 0; i < 300; i++) {
                    clients.submit(() -> {
                        while (!stopping.get()) {
                            int status;
                            try {
                                status = http[0].send(HttpRequest.newBuilder(URI.create(a.base + "/ports/8080/"))
                                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                            } catch (Exception e) {
                                status = -1;
                            }
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                            Thread.sleep(1000);
                        }
                        return null;
                    });
                }
            }

            public String stop() throws Exception {
                stopping.set(true);
                clients.shutdown();
                clients.awaitTermination(40, TimeUnit.SECONDS);
                http[0].close();
                removeAll();
                Map<Integer, Integer> sorted = new TreeMap<>();
                statuses.forEach((k, v) -> sorted.put(k, v.get()));
                return "300 clients, each again 1 s after its answer; answers by status " + sorted
                        + " (8 relayed at once per learner, 10 s to the first byte, else 504; 503 beyond)";
            }
        };
    }

    private Noise slowClients() {
        SlowClients[] held = new SlowClients[1];
        return new Noise() {
            long openedIn;

            public void start() throws Exception {
                long t0 = System.nanoTime();
                held[0] = SlowClients.open(serverPort, 3000, 500, 10);
                openedIn = System.nanoTime() - t0;
            }

            public String stop() throws Exception {
                Map<String, Integer> open = held[0].stillOpen();
                String s = String.format("%d connected in %.1f s (%d refused, %d waited for a second SYN) from 6 loopback addresses, ",
                        held[0].connected(), openedIn / 1e9, held[0].refused(), held[0].stalled())
                        + open.values().stream().mapToInt(Integer::intValue).sum() + " still held open by the server at the end "
                        + open;
                held[0].close();
                return s;
            }
        };
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
