package main

// `blocksql replay` runs with glibc's malloc advising transparent huge
// pages for the memory it takes from the kernel. A restore into SQLite
// fills a page cache of up to 128 MiB and sorts its deferred indexes in C
// memory, which glibc hands out 4 KiB page by page: on the VMs blocksql is
// measured on each first touch is a page fault of ~12 µs, and a restore of
// 53,002 statements took ~24,500 of them (0.3–0.6 s of system time in a
// 1.1–1.3 s run). glibc reads its settings only from the environment
// before any code runs, so a constructor, which runs before the Go
// runtime starts, sets GLIBC_TUNABLES and executes the binary again:
// malloc then advises its arenas MADV_HUGEPAGE (hugetlb=1) and grows them
// 64 MiB at a time (top_pad), so whole 2 MiB pages fit in them. The same
// restore then takes ~6,000 faults and 0.82–0.91 s. An operator's own
// GLIBC_TUNABLES is left as it is, and nothing is done where the kernel's
// transparent huge pages are off. See replay/DESIGN.md, "Huge pages for a
// restore's C memory".

/*
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCKSQL_REPLAY_TUNABLES "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"

static int blocksql_thp_off(void) {
	char buf[128];
	int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = 0;
	return strstr(buf, "[never]") != NULL;
}

__attribute__((constructor)) static void blocksql_replay_malloc(int argc, char **argv, char **envp) {
	(void)envp;
	if (argc < 2 || strcmp(argv[1], "replay") != 0 || getenv("GLIBC_TUNABLES") != NULL || blocksql_thp_off())
		return;
	if (setenv("GLIBC_TUNABLES", BLOCKSQL_REPLAY_TUNABLES, 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	unsetenv("GLIBC_TUNABLES"); // not executed again: go on as we are
}
*/
import "C"

// replayMallocTunables is what `blocksql replay` sets GLIBC_TUNABLES to.
const replayMallocTunables = C.BLOCKSQL_REPLAY_TUNABLES
