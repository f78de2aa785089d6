package cli

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
)

// TestHugeHeapBlockIsAdvisedAndLetGo checks what a restore's huge-page
// heap must be: the kernel holds the advice for the block's pages, and the
// block itself is not kept (the collector's live heap and target do not
// grow by it, or a restore would hold half a gigabyte it never uses).
func TestHugeHeapBlockIsAdvisedAndLetGo(t *testing.T) {
	if !thpOnAdvice() {
		t.Skip("the kernel's transparent huge pages are not set to madvise")
	}
	const size = 256 << 20
	runtime.GC()
	liveBefore, goalBefore := heapMetric("/gc/heap/live:bytes"), heapMetric("/gc/heap/goal:bytes")
	addr, n, ok := adviseHugeBlock(size)
	if !ok || n < size-2*hugePage {
		t.Fatalf("adviseHugeBlock(%d) = %#x, %d, %v", size, addr, n, ok)
	}
	runtime.GC()
	if flags := vmaFlags(t, addr); !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the mapping at %#x has VmFlags %q, without hg (MADV_HUGEPAGE)", addr, flags)
	}
	live, goal := heapMetric("/gc/heap/live:bytes"), heapMetric("/gc/heap/goal:bytes")
	if live > liveBefore+size/8 || goal > goalBefore+size/4 {
		t.Errorf("after the block: live heap %d MB (before %d), goal %d MB (before %d): the block was kept",
			live>>20, liveBefore>>20, goal>>20, goalBefore>>20)
	}
}

func heapMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// vmaFlags is the VmFlags line of the mapping of /proc/self/smaps that
// holds addr.
func vmaFlags(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if _, err := fmt.Sscanf(line, "%x-%x ", &lo, &hi); err == nil && strings.Contains(line, "-") && !strings.HasSuffix(strings.Fields(line)[0], ":") {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping of /proc/self/smaps holds %#x", addr)
	return ""
}
