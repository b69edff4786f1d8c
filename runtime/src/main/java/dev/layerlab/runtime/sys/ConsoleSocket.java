package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unix socket runc's {@code --console-socket} connects to, to hand over the pty master of a
 * TTY container or exec by SCM_RIGHTS. The JDK's unix channels cannot receive file descriptors.
 */
public final class ConsoleSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;

    private final Path path;
    private final Fd listener;

    private ConsoleSocket(Path path, Fd listener) {
        this.path = path;
        this.listener = listener;
    }

    /** Listens on {@code path} (must be shorter than 108 bytes). */
    public static ConsoleSocket listen(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IOException("console socket path too long: " + path);
        }
        Files.deleteIfExists(path);
        int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        Fd listener = new Fd(fd);
        try {
            byte[] addr = new byte[2 + name.length + 1];
            addr[0] = AF_UNIX; // sa_family_t, little endian
            System.arraycopy(name, 0, addr, 2, name.length);
            LibC.INSTANCE.bind(fd, addr, addr.length);
            LibC.INSTANCE.listen(fd, 1);
        } catch (LastErrorException e) {
            listener.close();
            throw new IOException("console socket " + path + ": " + Syscalls.describe(e));
        }
        return new ConsoleSocket(path, listener);
    }

    public Path path() {
        return path;
    }

    /**
     * Takes the pty master runc sent. Call after runc has exited successfully: its connection and
     * message are then already queued, so this never blocks.
     */
    public Fd receiveMaster() throws IOException {
        int conn;
        try {
            conn = LibC.INSTANCE.accept4(listener.number(), Pointer.NULL, Pointer.NULL, SOCK_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("runc sent no console: " + Syscalls.describe(e));
        }
        try (Fd connection = new Fd(conn)) {
            Memory data = new Memory(4096);
            LibC.IoVec iov = new LibC.IoVec();
            iov.iov_base = data;
            iov.iov_len = data.size();
            iov.write();
            Memory control = new Memory(64);
            control.clear();
            LibC.MsgHdr msg = new LibC.MsgHdr();
            msg.msg_iov = iov.getPointer();
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = control.size();
            msg.write();
            LibC.INSTANCE.recvmsg(connection.number(), msg, MSG_CMSG_CLOEXEC);
            msg.read();
            // struct cmsghdr { size_t len; int level; int type; unsigned char data[]; }
            long len = control.getLong(0);
            int level = control.getInt(8);
            int type = control.getInt(12);
            if (msg.msg_controllen < 20 || len < 20 || level != SOL_SOCKET || type != SCM_RIGHTS) {
                throw new IOException("runc's console message carried no file descriptor");
            }
            return new Fd(control.getInt(16));
        } catch (LastErrorException e) {
            throw new IOException("receiving console from runc: " + Syscalls.describe(e));
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Files.deleteIfExists(path);
    }
}
