/*
 * One attack per argument, run inside a learner's container by KernelAttackTest. Each prints one line:
 * "<name> ok" when the kernel let it through, "<name> <errno name>" when it was refused. Nothing here
 * sends a packet anywhere: sockets are only created, never connected.
 * Built by the test with: gcc -static -no-pie -O1 (static: busybox has no libc; no-pie: the 32-bit
 * socketcall below needs its argument block at an address below 4 GiB).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif

static const char *errname(int e) {
    switch (e) {
        case EPERM: return "EPERM";
        case EACCES: return "EACCES";
        case ENOSYS: return "ENOSYS";
        case EAFNOSUPPORT: return "EAFNOSUPPORT";
        case EINVAL: return "EINVAL";
        case EROFS: return "EROFS";
        case ENOENT: return "ENOENT";
        case EOPNOTSUPP: return "EOPNOTSUPP";
        case ESRCH: return "ESRCH";
        case EBADF: return "EBADF";
        default: return strerror(e);
    }
}

static int report(const char *name, long rc) {
    if (rc < 0) {
        printf("%s %s\n", name, errname(errno));
    } else {
        printf("%s ok\n", name);
    }
    return 0;
}

/* i386 socketcall(call, args) through int 0x80: the 32-bit ABI a 64-bit process can still enter. */
static uint32_t socketcall_args[3];
static long socketcall32(int call, uint32_t a0, uint32_t a1, uint32_t a2) {
    long rc;
    socketcall_args[0] = a0;
    socketcall_args[1] = a1;
    socketcall_args[2] = a2;
    __asm__ volatile("int $0x80" : "=a"(rc) : "a"(102), "b"(call), "c"((uint32_t)(uintptr_t)socketcall_args) : "memory");
    if (rc < 0 && rc > -4096) {
        errno = (int)-rc;
        return -1;
    }
    return rc;
}

/* i386 socket(2), syscall 359 of the 32-bit table. */
static long socket32(int family, int type, int protocol) {
    long rc;
    __asm__ volatile("int $0x80" : "=a"(rc) : "a"(359), "b"(family), "c"(type), "d"(protocol) : "memory");
    if (rc < 0 && rc > -4096) {
        errno = (int)-rc;
        return -1;
    }
    return rc;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return -1;
    }
    int rc = write(fd, text, strlen(text)) < 0 ? -1 : 0;
    close(fd);
    return rc;
}

int main(int argc, char **argv) {
    int sv[2];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "vsock-stream")) report(a, socket(AF_VSOCK, SOCK_STREAM, 0));
        else if (!strcmp(a, "vsock-dgram")) report(a, socket(AF_VSOCK, SOCK_DGRAM, 0));
        else if (!strcmp(a, "vsock-seqpacket")) report(a, socket(AF_VSOCK, SOCK_SEQPACKET, 0));
        else if (!strcmp(a, "vsock-socketpair")) report(a, socketpair(AF_VSOCK, SOCK_STREAM, 0, sv));
        else if (!strcmp(a, "vsock-socketcall32")) report(a, socketcall32(1, AF_VSOCK, SOCK_STREAM, 0));
        else if (!strcmp(a, "vsock-socket32")) report(a, socket32(AF_VSOCK, SOCK_STREAM, 0));
        else if (!strcmp(a, "alg-socket")) report(a, socket(AF_ALG, SOCK_SEQPACKET, 0));
        else if (!strcmp(a, "inet-socket")) report(a, socket(AF_INET, SOCK_STREAM, 0));
        else if (!strcmp(a, "unix-socketpair")) report(a, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
        else if (!strcmp(a, "raw-icmp-socket")) report(a, socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
        else if (!strcmp(a, "inet-socketcall32")) report(a, socketcall32(1, AF_INET, SOCK_STREAM, 0));
        else if (!strcmp(a, "inet-socket32")) report(a, socket32(AF_INET, SOCK_STREAM, 0));
        else if (!strcmp(a, "mount-tmpfs")) report(a, mount("none", "/mnt", "tmpfs", 0, NULL));
        else if (!strcmp(a, "unshare-user")) report(a, unshare(CLONE_NEWUSER));
        else if (!strcmp(a, "unshare-mount")) report(a, unshare(CLONE_NEWNS));
        else if (!strcmp(a, "unshare-net")) report(a, unshare(CLONE_NEWNET));
        else if (!strcmp(a, "clone-newuser")) {
            long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
            if (pid == 0) _exit(0);
            if (pid > 0) waitpid((pid_t)pid, NULL, 0);
            report(a, pid);
        } else if (!strcmp(a, "fork")) {
            pid_t pid = fork();
            if (pid == 0) _exit(0);
            if (pid > 0) waitpid(pid, NULL, 0);
            report(a, pid);
        } else if (!strcmp(a, "clone3")) report(a, syscall(SYS_clone3, NULL, 0));
        else if (!strcmp(a, "keyctl")) report(a, syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "probe"));
        else if (!strcmp(a, "add-key")) report(a, syscall(SYS_add_key, "user", "probe", "x", 1, -3 /* session */));
        else if (!strcmp(a, "bpf")) {
            char attr[128] = {0};
            report(a, syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof attr));
        } else if (!strcmp(a, "open-by-handle-at")) {
            char handle[64] = {0};
            report(a, syscall(SYS_open_by_handle_at, AT_FDCWD, handle, O_RDONLY));
        } else if (!strcmp(a, "userfaultfd")) report(a, syscall(SYS_userfaultfd, 0));
        else if (!strcmp(a, "io-uring-setup")) {
            char params[120] = {0};
            report(a, syscall(SYS_io_uring_setup, 1, params));
        } else if (!strcmp(a, "perf-event-open")) {
            char attr[128] = {0};
            report(a, syscall(SYS_perf_event_open, attr, 0, -1, -1, 0));
        } else if (!strcmp(a, "setns")) report(a, syscall(SYS_setns, 0, 0));
        else if (!strcmp(a, "fsopen")) report(a, syscall(SYS_fsopen, "tmpfs", 0));
        else if (!strcmp(a, "open-tree")) report(a, syscall(SYS_open_tree, AT_FDCWD, "/", 0));
        else if (!strcmp(a, "kexec-load")) report(a, syscall(SYS_kexec_load, 0, 0, NULL, 0));
        else if (!strcmp(a, "init-module")) report(a, syscall(SYS_init_module, NULL, 0, ""));
        else if (!strcmp(a, "reboot")) report(a, syscall(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc /* POWER_OFF */, NULL));
        else if (!strcmp(a, "swapon")) report(a, syscall(SYS_swapon, "/tmp/swap", 0));
        else if (!strcmp(a, "pidfd-getfd")) report(a, syscall(SYS_pidfd_getfd, 0, 0, 0));
        else if (!strcmp(a, "personality-linux32")) report(a, syscall(SYS_personality, 0x0008 /* PER_LINUX32 */));
        else if (!strcmp(a, "personality-odd")) report(a, syscall(SYS_personality, 0x0040000 /* ADDR_NO_RANDOMIZE */));
        else if (!strcmp(a, "ptrace-pid1")) report(a, ptrace(PTRACE_ATTACH, 1, NULL, NULL));
        else if (!strcmp(a, "mknod-block")) report(a, mknod("/tmp/probe-blk", S_IFBLK | 0600, makedev(8, 0)));
        else if (!strcmp(a, "mknodat-block")) report(a, mknodat(AT_FDCWD, "/tmp/probe-blk2", S_IFBLK | 0600, makedev(8, 0)));
        else if (!strcmp(a, "mknod-fifo")) report(a, mknod("/tmp/probe-fifo", S_IFIFO | 0600, 0));
        else if (!strcmp(a, "mknod-null")) report(a, mknod("/tmp/probe-null", S_IFCHR | 0600, makedev(1, 3)));
        else if (!strcmp(a, "write-proc-sys")) report(a, write_file("/proc/sys/kernel/hostname", "pwned"));
        else if (!strcmp(a, "write-sysrq-trigger")) report(a, write_file("/proc/sysrq-trigger", "h"));
        else if (!strcmp(a, "write-sys")) report(a, write_file("/sys/kernel/mm/transparent_hugepage/enabled", "never"));
        else if (!strcmp(a, "chroot")) report(a, chroot("/"));
        else printf("%s unknown\n", a);
    }
    return 0;
}
