# A learner's app for the /ports/ tests, one thread per connection:
#   /hold      reads the request and never answers (a tarpit)
#   /big/N     answers N bytes of zeros with a Content-Length
#   /trickle   answers 1 MiB, then waits for /release before the last byte
#   /count     reads the Content-Length body and answers how many bytes came
#   else       echoes the request head it received as the body
import socket, threading

released = threading.Event()

def head_of(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest

def serve(conn):
    try:
        head, rest = head_of(conn)
        path = head.split(b" ")[1].decode("latin-1") if b" " in head else "/"
        if path.startswith("/hold"):
            threading.Event().wait()
        elif path.startswith("/big/"):
            n = int(path[5:])
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % n)
            block = b"\0" * 65536
            while n > 0:
                conn.sendall(block[:min(n, len(block))])
                n -= min(n, len(block))
        elif path.startswith("/trickle"):
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n" + b"x" * (1 << 20))
            released.wait(30)
            conn.sendall(b"!")
        elif path.startswith("/count"):
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            got = len(rest)
            while got < length:
                chunk = conn.recv(1 << 20)
                if not chunk:
                    break
                got += len(chunk)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n%d" % got)
        elif path.startswith("/release"):
            released.set()
            conn.sendall(b"HTTP/1.0 200 OK\r\n\r\nreleased")
        else:
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + head)
    except OSError:
        pass
    finally:
        conn.close()

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", 8000))
server.listen(1024)
while True:
    c, _ = server.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
