/* The attacker's swapper: exchanges two names in a directory with renameat2(RENAME_EXCHANGE) as
 * fast as it can, forever (or N times). Compiled static by the attack tests, run inside a container. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: swapper DIR A B [ROUNDS]\n");
        return 2;
    }
    int dir = open(argv[1], O_PATH | O_DIRECTORY);
    if (dir < 0) {
        perror("open");
        return 1;
    }
    long rounds = argc > 4 ? atol(argv[4]) : -1;
    for (long i = 0; rounds < 0 || i < rounds; i++) {
        if (syscall(SYS_renameat2, dir, argv[2], dir, argv[3], 2 /* RENAME_EXCHANGE */) != 0) {
            perror("renameat2");
            return 1;
        }
    }
    return 0;
}
