package dev.layerlab.runtime.network;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * What the embedded DNS says to one query of a container, as Docker's resolver does: for a name that is
 * a container's name, network alias or short id on a user network the asker is on, its A records (TTL 600;
 * other types: no records, no error); anything else goes to the sandbox's upstream resolver. Messages are
 * parsed and made by dnsjava, a well-kept DNS library, never by hand. Pure logic.
 */
final class DnsResponder {
    static final int TTL_SECONDS = 600;

    /** The verdict on one query. */
    sealed interface Verdict {
    }

    /** Answer the asker with these bytes. */
    record Reply(byte[] wire) implements Verdict {
    }

    /** Not ours: send the query upstream as it is. */
    record Forward() implements Verdict {
    }

    /** Not a DNS query at all: say nothing. */
    record Ignore() implements Verdict {
    }

    private DnsResponder() {
    }

    /** {@code maxReply}: 512 over UDP without EDNS (the asker's EDNS size if bigger), 65535 over TCP. */
    static Verdict answer(byte[] query, String askerId, Networks networks, boolean tcp) {
        Message m;
        try {
            m = new Message(query);
        } catch (IOException e) {
            return new Ignore();
        }
        if (m.getHeader().getFlag(Flags.QR)) {
            return new Ignore();
        }
        Record q = m.getQuestion();
        if (m.getHeader().getOpcode() != Opcode.QUERY || q == null || q.getDClass() != DClass.IN) {
            return new Forward();
        }
        List<Integer> addresses = networks.lookup(askerId, q.getName().toString(true));
        if (addresses.isEmpty()) {
            return new Forward();
        }
        Message r = new Message(m.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (m.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setRcode(Rcode.NOERROR);
        r.addRecord(q, Section.QUESTION);
        if (q.getType() == Type.A || q.getType() == Type.ANY) {
            for (int a : addresses) {
                r.addRecord(new ARecord(q.getName(), DClass.IN, TTL_SECONDS, inet(a)), Section.ANSWER);
            }
        }
        int max = tcp ? 65535 : Math.max(512, Optional.ofNullable(m.getOPT()).map(o -> o.getPayloadSize()).orElse(512));
        return new Reply(r.toWire(max));
    }

    /** A SERVFAIL for {@code query} (upstream did not answer in time, or too many queries under way). */
    static Optional<byte[]> serverFailure(byte[] query) {
        try {
            Message m = new Message(query);
            Message r = new Message(m.getHeader().getID());
            r.getHeader().setFlag(Flags.QR);
            r.getHeader().setFlag(Flags.RA);
            r.getHeader().setRcode(Rcode.SERVFAIL);
            if (m.getQuestion() != null) {
                r.addRecord(m.getQuestion(), Section.QUESTION);
            }
            return Optional.of(r.toWire(512));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The message id of a DNS message (its first two bytes); -1 if too short. */
    static int id(byte[] wire, int length) {
        return length < 2 ? -1 : ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
    }

    static InetAddress inet(int a) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
