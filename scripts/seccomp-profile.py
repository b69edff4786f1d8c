#!/usr/bin/env python3
"""Writes layerlab's seccomp profile (runc's OCI format) from moby's default profile (moby's own format).

    git show HEAD:vendor/github.com/moby/profiles/seccomp/default.json > /tmp/moby-default.json   # in moby/moby
    scripts/seccomp-profile.py /tmp/moby-default.json \
        > runtime/src/main/resources/dev/layerlab/runtime/runc/seccomp-default.json

The profile in the tree was made from github.com/moby/profiles/seccomp v0.2.3 as vendored by
moby/moby at commit b985e2313a8676e18072b442911fc8f64f17d440. Docker resolves its profile per
container (native architecture, capabilities, kernel version); layerlab's containers always get
Docker's default capabilities or fewer (--cap-add beyond them is refused), so the profile is resolved
once, here, for that capability set and kept as data. What differs from Docker is in docs/security.md
("Kernel attack surface"); in short:

- architectures: x86_64 with x32, aarch64 with arm (one file for both hosts; libseccomp skips a
  rule's syscall on an architecture that lacks it), but not Docker's x86 (i386) sub-architecture:
  libseccomp turns every socket(2) rule of the i386 filter into "socketcall(SYS_SOCKET, ...) allowed"
  with the family test dropped (socketcall's arguments sit behind a pointer seccomp cannot read), so
  with x86 listed a 32-bit `int 0x80` opens AF_VSOCK whatever socket(2)'s rules say. Without it, any
  i386 syscall meets runc's bad-architecture action and the process is killed (SIGSYS): 32-bit x86
  programs do not run in layerlab's containers;
- groups gated on capabilities: kept only for capabilities in Docker's default set (CAP_SYS_CHROOT:
  chroot); everything for CAP_SYS_ADMIN, CAP_SYS_PTRACE, ... is left out, and Docker's
  "excludes CAP_SYS_ADMIN" groups (clone without namespace flags, clone3 -> ENOSYS) are kept;
- the minKernel 4.8 group (ptrace, process_vm_readv/writev) is kept: layerlab needs a newer kernel;
- arch-only groups are kept for the architectures above only (not ppc64le, s390, riscv64);
- socketpair refuses the families socket(2) refuses (AF_ALG 38, AF_VSOCK 40);
- mknod and mknodat refuse block devices (S_IFBLK): learners' containers have no use for them.
"""
import json
import sys

DEFAULT_CAPS = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
                "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"}
ARCHES = {"amd64", "x32", "arm", "arm64"}  # moby's names for the architectures below
ARCHITECTURES = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]
REWRITTEN = {"socketpair", "mknod", "mknodat"}  # given their own conditional rules below
I386_ONLY = {"socketcall"}  # the i386 ABI is not allowed (see above)

AF_ALG, AF_VSOCK = 38, 40
S_IFMT = 0o170000
FILE_TYPES_ALLOWED = [0, 0o100000, 0o020000, 0o010000, 0o140000]  # none (regular), S_IFREG, S_IFCHR, S_IFIFO, S_IFSOCK


def wanted(group):
    inc, exc = group.get("includes", {}), group.get("excludes", {})
    if inc.get("caps") and not set(inc["caps"]) <= DEFAULT_CAPS:
        return False
    if exc.get("caps") and set(exc["caps"]) & DEFAULT_CAPS:
        return False
    if inc.get("arches") and not set(inc["arches"]) & ARCHES:
        return False
    if exc.get("arches") and set(exc["arches"]) >= ARCHES:
        return False
    return True  # minKernel 4.8 is always met


def rule(names, args=None, action="SCMP_ACT_ALLOW", errno=None):
    r = {"names": names, "action": action}
    if errno is not None:
        r["errnoRet"] = errno
    if args:
        r["args"] = args
    return r


def arg(index, op, value, value_two=None):
    a = {"index": index, "value": value, "op": op}
    if value_two is not None:
        a["valueTwo"] = value_two
    return a


def main(path):
    moby = json.load(open(path))
    assert moby["defaultAction"] == "SCMP_ACT_ERRNO" and moby.get("defaultErrnoRet", 1) == 1
    syscalls = []
    for group in moby["syscalls"]:
        if not wanted(group):
            continue
        names = [n for n in group["names"] if n not in REWRITTEN | I386_ONLY]
        if names:
            syscalls.append(rule(names, group.get("args"), group["action"], group.get("errnoRet")))
    # The families socket(2) refuses, for socketpair(2) too (moby allows every family there).
    syscalls += [rule(["socketpair"], [arg(0, "SCMP_CMP_LT", AF_ALG)]),
                 rule(["socketpair"], [arg(0, "SCMP_CMP_EQ", AF_ALG + 1)]),
                 rule(["socketpair"], [arg(0, "SCMP_CMP_GT", AF_VSOCK)])]
    syscalls += [rule(["mknod"], [arg(1, "SCMP_CMP_MASKED_EQ", S_IFMT, t)]) for t in FILE_TYPES_ALLOWED]
    syscalls += [rule(["mknodat"], [arg(2, "SCMP_CMP_MASKED_EQ", S_IFMT, t)]) for t in FILE_TYPES_ALLOWED]
    profile = {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ARCHITECTURES,
               "syscalls": syscalls}
    json.dump(profile, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
