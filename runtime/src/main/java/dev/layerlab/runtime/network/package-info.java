/**
 * Sandbox networking: every sandbox is a network world of its own, and the engine itself (no
 * docker-proxy, no helper per container or port) publishes ports into it.
 *
 * <pre>
 *  root namespace (the host)                         sandbox namespace S = ll-&lt;id&gt;
 *  ─────────────────────────                         ─────────────────────────────────────────────
 *  nft table inet layerlab:                          sandbox host container (docker CLI shell)
 *    input   from uplinks: replies only                runs here; -p 5000:80 listens here:
 *    forward uplink→uplink: drop                       PortProxy (a socket the JVM opened in S)
 *            uplink→out: masquerade (outbound NAT)          │ splices to 172.20.0.2:80
 *                                                           │
 *   ll&lt;id&gt; 10.213.x.1/30 ◄── veth ──► up0 10.213.x.2/30 ── S routes, masquerades 172.20/16
 *   (device group 0x4c4c)                                   │
 *                                                     br0 172.20.0.1/16 (gateway)
 *                                                       ├── ve1 ◄── veth ──► eth0 172.20.0.2  llc-&lt;id&gt;-&lt;container&gt;
 *                                                       └── ve2 ◄── veth ──► eth0 172.20.0.3  llc-&lt;id&gt;-&lt;container&gt;
 *                                                     br-&lt;net id&gt; 172.18.0.1/16 (a user network)
 *                                                       └── ve3 ◄── veth ──► eth0 172.18.0.2  (eth1 if also on another)
 *                                                                   127.0.0.11:53 in its namespace: EmbeddedDns
 * </pre>
 *
 * <ul>
 *   <li>Every sandbox uses the same container subnet: they never see each other's bridge, so the
 *       addresses cannot clash. Only the /30 uplinks, taken from a pool, differ.</li>
 *   <li>The root namespace judges sandbox traffic by the uplinks' device group: sandboxes cannot
 *       reach each other, nor the host's own services (web server, SSH), and reach the outside
 *       only while outbound NAT is on.</li>
 *   <li>A published port listens inside S, so {@code curl localhost:5000} works from the sandbox
 *       shell, and two sandboxes may both publish 5000. {@link dev.layerlab.runtime.network.NetnsSockets}
 *       opens those sockets from a platform thread that entered S; sockets keep their namespace,
 *       so the proxying itself runs on virtual threads.</li>
 *   <li>User networks ({@link dev.layerlab.runtime.network.Networks}) are further bridges in S, each with its own
 *       subnet; an nft forward chain in S drops what one bridge routes to another (Docker's isolation), and
 *       everything leaves through up0 masqueraded, so the host's rules judge it as before. Their containers get
 *       the engine's DNS inside their own namespace, which knows only S's containers.</li>
 *   <li>Setup costs one {@code ip -batch} process per step group and one {@code nft -f}; container
 *       namespaces are created and deleted in-process.</li>
 * </ul>
 */
package dev.layerlab.runtime.network;
