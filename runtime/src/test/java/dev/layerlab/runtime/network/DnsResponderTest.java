package dev.layerlab.runtime.network;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What the embedded DNS answers, and to whom: names shared on a user network only. */
class DnsResponderTest {
    private static final String WEB = "a".repeat(64);
    private static final String CLIENT = "b".repeat(64);
    private static final String STRANGER = "c".repeat(64);
    private static final String PLAIN = "d".repeat(64);

    private final Networks networks = new Networks("sbx1", NetworkSettings.DEFAULT_CONTAINER_SUBNET,
            NetworkSettings.DEFAULT_CONTAINER_SUBNET.address(1), List.of());
    private final BridgeNetwork front = networks.add("front", "", "", Map.of());
    private final BridgeNetwork back = networks.add("back", "", "", Map.of());

    DnsResponderTest() {
        on(front, WEB, "web", List.of("www"), 2);
        on(front, CLIENT, "client", List.of(), 3);
        on(back, STRANGER, "stranger", List.of(), 2);
        on(networks.defaultBridge(), PLAIN, "plain", List.of(), 2);
        on(networks.defaultBridge(), WEB, "web", List.of(), 3);
    }

    private void on(BridgeNetwork n, String id, String name, List<String> aliases, int host) {
        networks.join(id, new Networks.Membership(name, List.of()));
        n.add(new Endpoint(n, id, "eth0", "ve1", n.subnet().address(host), aliases));
    }

    private static byte[] query(String name, int type) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        return m.toWire();
    }

    private Message reply(DnsResponder.Verdict v) throws Exception {
        return new Message(assertInstanceOf(DnsResponder.Reply.class, v).wire());
    }

    @Test
    void namesAliasesAndShortIdsOfContainersOnASharedNetwork() throws Exception {
        for (String name : List.of("web", "WEB.", "www", WEB.substring(0, 12))) {
            Message r = reply(DnsResponder.answer(query(name, Type.A), CLIENT, networks, false));
            assertEquals(Rcode.NOERROR, r.getRcode());
            assertTrue(r.getHeader().getFlag(Flags.QR));
            List<Record> answers = r.getSection(Section.ANSWER);
            assertEquals(1, answers.size(), name);
            assertEquals("172.18.0.2", ((ARecord) answers.getFirst()).getAddress().getHostAddress());
            assertEquals(DnsResponder.TTL_SECONDS, answers.getFirst().getTTL());
        }
    }

    @Test
    void aaaaOfAKnownNameIsAnEmptyAnswer() throws Exception {
        Message r = reply(DnsResponder.answer(query("web", Type.AAAA), CLIENT, networks, false));
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertTrue(r.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void otherNetworksTheDefaultBridgeAndTheWorldAreForwarded() throws Exception {
        assertInstanceOf(DnsResponder.Forward.class, DnsResponder.answer(query("stranger", Type.A), CLIENT, networks, false),
                "on another user network: not visible");
        assertInstanceOf(DnsResponder.Forward.class, DnsResponder.answer(query("plain", Type.A), WEB, networks, false),
                "the default bridge has no names, as in Docker");
        assertInstanceOf(DnsResponder.Forward.class, DnsResponder.answer(query("web", Type.A), PLAIN, networks, false),
                "a default-bridge container is not served names");
        assertInstanceOf(DnsResponder.Forward.class, DnsResponder.answer(query("example.com", Type.A), CLIENT, networks, false));
    }

    @Test
    void garbageAndRepliesAreIgnoredAndFailuresKeepTheId() throws Exception {
        assertInstanceOf(DnsResponder.Ignore.class, DnsResponder.answer(new byte[]{1, 2, 3}, CLIENT, networks, false));
        byte[] q = query("example.com", Type.A);
        Message answered = new Message(q);
        answered.getHeader().setFlag(Flags.QR);
        assertInstanceOf(DnsResponder.Ignore.class, DnsResponder.answer(answered.toWire(), CLIENT, networks, false));
        Message fail = new Message(DnsResponder.serverFailure(q).orElseThrow());
        assertEquals(Rcode.SERVFAIL, fail.getRcode());
        assertEquals(new Message(q).getHeader().getID(), fail.getHeader().getID());
    }

    @Test
    void renamedAndForgottenContainersFollow() throws Exception {
        networks.renamed(WEB, "site");
        assertInstanceOf(DnsResponder.Reply.class, DnsResponder.answer(query("site", Type.A), CLIENT, networks, false));
        assertInstanceOf(DnsResponder.Forward.class, DnsResponder.answer(query("web", Type.A), CLIENT, networks, false));
    }
}
