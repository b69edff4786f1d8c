package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Unbuffered writes straight to the socket. We do not use {@code Channels.newOutputStream}: its
 * streams serialise on the channel's blocking lock, so a thread blocked reading a hijacked stdin
 * would stall the thread writing stdout. Each write is one locked loop, so a frame written in one
 * call is never interleaved with another thread's frame. The lock is a ReentrantLock, not
 * {@code synchronized}: on JDK 21 a virtual thread blocked inside {@code synchronized} pins its carrier.
 */
final class SocketOutput extends OutputStream {
    private final WritableByteChannel channel;
    private final ReentrantLock lock = new ReentrantLock();

    SocketOutput(WritableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        lock.lock();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } finally {
            lock.unlock();
        }
    }
}
