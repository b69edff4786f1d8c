package dev.layerlab.server.tutorials;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every Dockerfile of the seed tutorials, built with the real CLI in a sandbox shell and run as the
 * tutorials show. Adapted to the playground's offline images, each in one line where it happens:
 * ubuntu + apt-get python becomes the playground's python image, node:14-alpine + npm becomes its
 * node image (no npm: the app has no dependencies), a package install becomes a file we write.
 */
class SeedDockerfileBuildsTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    static CliResult sh(String script) throws Exception {
        return fx.ok(script);
    }

    /**
     * A script that writes {@code files} (name, content, name, content...) into {@code dir} with heredocs and
     * stays there; its last line is {@code true}, so {@code " && docker build ..."} can follow.
     */
    static String files(String dir, String... nameAndContent) {
        StringBuilder s = new StringBuilder("set -e\nmkdir -p " + dir + "\ncd " + dir + "\n");
        for (int i = 0; i < nameAndContent.length; i += 2) {
            s.append("cat > ").append(nameAndContent[i]).append(" <<'FILE'\n").append(nameAndContent[i + 1]).append("FILE\n");
        }
        return s.append("true").toString();
    }

    static final String HELLO_PY = """
            import os
            import sys

            my_ver = os.environ["my_ver"]
            arg = sys.argv[1]

            print("hello %s, my version is %s!" % (arg, my_ver))
            """;

    /** Seed 001: hello.py with CMD, ENV, ARG and ENTRYPOINT, run every way the tutorial runs it. */
    @Test
    void seed001_hello_py_cmd_env_arg_entrypoint() throws Exception {
        // Adapted: FROM ubuntu:18.04 + apt-get install python-dev becomes the playground's python image.
        sh(files("/root/hello", "hello.py", HELLO_PY, "Dockerfile", """
                FROM python:3
                WORKDIR /root
                COPY hello.py  .
                ENV my_ver 1.0

                CMD ["python", "hello.py", "guest"]
                """) + " && docker build . -t hello:1");
        assertEquals("hello guest, my version is 1.0!", sh("docker run hello:1").out());
        assertEquals("hello world!", sh("docker run hello:1 echo \"hello world!\"").out());
        assertEquals(HELLO_PY.strip(), sh("docker run hello:1 cat hello.py").out());
        assertEquals("/root", sh("docker run hello:1 pwd").out());
        assertEquals("hello guest, my version is 1.5!", sh("docker run -e my_ver=1.5 hello:1").out());

        sh(files("/root/hello", "Dockerfile", """
                FROM python:3

                ARG my_ver=1.0

                WORKDIR /root
                COPY hello.py  .
                ENV my_ver 1.0

                CMD ["python", "hello.py", "guest"]
                """) + " && docker build . -t hello:2 --build-arg my_ver=2.0");
        // As in Docker: the ENV line sets 1.0 literally, so the build argument does not reach the container.
        assertEquals("hello guest, my version is 1.0!", sh("docker run hello:2").out());
        assertEquals("hello guest, my version is 2.5!", sh("docker run -e my_ver=2.5 hello:2").out());

        sh(files("/root/hello", "Dockerfile", """
                FROM python:3
                WORKDIR /root
                COPY hello.py .
                ENV my_ver 1.0

                ENTRYPOINT ["python", "hello.py", "guest"]
                """) + " && docker build . -t hello:3");
        assertEquals("hello guest, my version is 1.0!", sh("docker run hello:3 echo \"hello\"").out());

        sh(files("/root/hello", "Dockerfile", """
                FROM python:3
                WORKDIR /root
                COPY hello.py .
                ENV my_ver 1.0

                ENTRYPOINT ["python", "hello.py"]
                """) + " && docker build . -t hello:4");
        assertEquals("hello new-guest, my version is 1.0!", sh("docker run hello:4 new-guest").out());
        assertEquals("overridden", sh("docker run --entrypoint echo hello:4 overridden").out());
    }

    /** Seed 001: USER in a Dockerfile, and --user root at run time. */
    @Test
    void seed001_user() throws Exception {
        // Adapted: ubuntu:18.04 becomes debian:bookworm, whose adduser is useradd (adduser is not in its minimal base).
        sh(files("/root/user", "Dockerfile", """
                # base image
                FROM debian:bookworm

                RUN useradd --create-home ubuntu

                USER ubuntu
                """) + " && docker build . -t my-user");
        assertEquals("ubuntu", sh("docker run --rm my-user whoami").out());
        assertTrue(fx.shell("docker run --rm my-user touch /etc/forbidden").stderr().contains("Permission denied"));
        assertEquals("root", sh("docker run --rm --user root my-user whoami").out());
    }

    /** Seed 002: layers are shared, history lists them, layer order decides what the cache keeps. */
    @Test
    void seed002_shared_layers_history_and_layer_order() throws Exception {
        String debianBase = sh("docker image inspect -f '{{index .RootFS.Layers 0}}' debian:bookworm").out();
        for (String image : new String[]{"python:3", "node:18", "nginx", "docker/whalesay"}) {
            assertEquals(debianBase, sh("docker image inspect -f '{{index .RootFS.Layers 0}}' " + image).out(),
                    image + " shares debian's base layer");
        }
        String history = sh("docker image history python:3").out();
        assertTrue(history.startsWith("IMAGE          CREATED"), history);
        assertTrue(history.contains("apt-get"), history);

        String app = "print('app v1')\n";
        // Bad order: the whole source is copied before the slow step, so any edit reruns it.
        sh(files("/root/order-bad", "requirements.txt", "requests\n", "app.py", app, "Dockerfile", """
                FROM python:3
                WORKDIR /app
                COPY . .
                RUN echo "installing requirements" && sleep 1 && cp requirements.txt /installed.txt
                CMD ["python3", "app.py"]
                """) + " && docker build -t order:bad .");
        String bad = sh("cd /root/order-bad && echo \"print('app v2')\" > app.py && docker build -t order:bad .").stdout();
        assertTrue(bad.matches("(?s).*Step 4/5 : RUN [^\\n]*\\n ---> Running in .*"), "the install runs again: " + bad);

        // Good order: requirements first, then the install, then the source.
        sh(files("/root/order-good", "requirements.txt", "requests\n", "app.py", app, "Dockerfile", """
                FROM python:3
                WORKDIR /app
                COPY requirements.txt .
                RUN echo "installing requirements" && sleep 1 && cp requirements.txt /installed.txt
                COPY . .
                CMD ["python3", "app.py"]
                """) + " && docker build -t order:good .");
        String good = sh("cd /root/order-good && echo \"print('app v2')\" > app.py && docker build -t order:good .").stdout();
        assertTrue(good.matches("(?s).*Step 4/6 : RUN [^\\n]*\\n ---> Using cache\\n.*"), "the install comes from cache: " + good);
        assertTrue(good.matches("(?s).*Step 5/6 : COPY \\. \\.\\n ---> [0-9a-f]{12}\\n.*"), "the source is copied again: " + good);
        assertEquals("app v2", sh("docker run --rm order:good").out());
    }

    /** Seed 002: a multi-stage build whose final image keeps only what the build stage produced. */
    @Test
    void seed002_multi_stage_final_image_lacks_the_build_tools() throws Exception {
        sh(files("/root/site", "build.py", """
                import pathlib
                pathlib.Path("/out").mkdir()
                pathlib.Path("/out/index.html").write_text("<h1>built by python, served by nginx</h1>\\n")
                """, "Dockerfile", """
                FROM python:3 AS build
                COPY build.py /build.py
                RUN python3 /build.py

                FROM nginx
                COPY --from=build /out/index.html /usr/share/nginx/html/index.html
                """) + " && docker build -t site:1 .");
        assertEquals(1, fx.shell("docker run --rm site:1 which python3").exitCode(), "python stayed in the build stage");
        sh("docker run -d --name site -p 5080:80 site:1");
        try {
            String page = sh("for i in $(seq 50); do curl -sf localhost:5080/ && exit 0; sleep 0.1; done; exit 1").out();
            assertEquals("<h1>built by python, served by nginx</h1>", page);
        } finally {
            fx.shell("docker rm -f site");
        }
    }

    /** Seed 000: the feedback app with ENV, ARG, EXPOSE $PORT and VOLUME, run with a named volume. */
    @Test
    void seed000_node_feedback_app_with_env_arg_and_volume() throws Exception {
        // Adapted: node:14-alpine becomes the playground's node image; it has no npm, and the app needs no packages.
        sh(files("/root/feedback", "package.json", "{\"name\": \"feedback\", \"version\": \"1.0.0\"}\n", "app.js", """
                const http = require('http');
                const fs = require('fs');
                http.createServer((req, res) => {
                  let body = '';
                  req.on('data', c => body += c);
                  req.on('end', () => {
                    if (req.method === 'POST') fs.writeFileSync('/app/feedback/note.txt', body);
                    res.end('port ' + process.env.PORT + '\\n');
                  });
                }).listen(process.env.PORT);
                """, "Dockerfile", """
                FROM node:18

                WORKDIR /app

                COPY package.json .

                RUN node -e "require('./package.json')"

                COPY . .

                ARG DEFAULT_PORT=80

                ENV PORT $DEFAULT_PORT

                EXPOSE $PORT

                VOLUME ["/app/feedback"]

                CMD ["node", "app.js"]
                """) + " && docker build -t feedback-node:volumes --build-arg DEFAULT_PORT=8000 .");
        assertEquals("map[8000/tcp:{}]", sh("docker image inspect -f '{{.Config.ExposedPorts}}' feedback-node:volumes").out());
        sh("docker run -d -p 3000:8000 --name feedback-app -v feedback:/app/feedback feedback-node:volumes");
        try {
            assertEquals("port 8000", sh("for i in $(seq 50); do curl -sf -d 'great lesson' localhost:3000/ && exit 0;"
                    + " sleep 0.1; done; exit 1").out());
            assertEquals("great lesson", sh("docker run --rm -v feedback:/data busybox cat /data/note.txt").out());
        } finally {
            fx.shell("docker rm -f feedback-app");
        }
    }

    /** Seed 003: a Dockerfile instead of run + commit. Adapted: installing git becomes writing a file (no mirror needed). */
    @Test
    void seed003_dockerfile_replaces_commit() throws Exception {
        sh(files("/root/gitv2", "Dockerfile", """
                FROM debian:latest
                RUN echo "package lists updated" > /var/log/update.log
                RUN printf '#!/bin/sh\\necho "git version 2 (playground stand-in)"\\n' > /usr/local/bin/git && chmod +x /usr/local/bin/git
                """) + " && docker build -t debian:gitv2 .");
        assertEquals("git version 2 (playground stand-in)", sh("docker run --rm debian:gitv2 git --version").out());
        String history = sh("docker history --format '{{.CreatedBy}}' debian:gitv2").out();
        assertTrue(history.startsWith("/bin/sh -c printf"), history);
    }

    /** Seed 004: the python app Dockerfile with LABEL, ENV, WORKDIR, COPY requirements first, CMD. */
    @Test
    void seed004_python_app_layers() throws Exception {
        // Adapted: ubuntu:20.04 + apt/pip installs become the playground's python image; requirements are only listed.
        sh(files("/root/pyapp", "requirements.txt", "flask\n", "app.py", "print('hello from app.py')\n", "Dockerfile", """
                # 기본 이미지 설정
                FROM python:3

                # Maintainer 정보
                LABEL maintainer="your_email@example.com"

                # 환경 변수 설정 (예: 비대화식 apt 설치)
                ENV DEBIAN_FRONTEND=noninteractive

                # 3. 작업 디렉토리 설정
                WORKDIR /app

                # 4. requirements.txt 복사
                COPY requirements.txt .

                # 5. 종속성 설치 (offline: listed, not installed)
                RUN cat requirements.txt > /app/installed.txt

                # 6. 소스 코드 복사
                COPY . .

                # 7. 컨테이너 실행 시 기본 명령 설정
                CMD ["python3", "app.py"]
                """) + " && docker build -t pyapp .");
        assertEquals("hello from app.py", sh("docker run --rm pyapp").out());
        assertEquals("your_email@example.com", sh("docker image inspect -f '{{.Config.Labels.maintainer}}' pyapp").out());
        String sizes = sh("docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' pyapp").out();
        assertTrue(sizes.contains("LABEL maintainer=your_email@example.com|0B"), sizes);
    }
}
