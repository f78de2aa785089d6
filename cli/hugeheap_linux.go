package cli

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A restore allocates a great deal and keeps little, so its heap grows to
// the collector's target (restoreGCPercent) and each new page of it costs
// a page fault: on the VMs blocksql is measured on, ~12 µs each, and a
// restore of 51,502 statements into SQLite took ~75,000 of them (0.8–1.0 s
// of system time in a 1.8–2.4 s run). Memory advised MADV_HUGEPAGE is
// faulted in 2 MiB at a time where the kernel's transparent huge pages are
// set to "madvise" (Debian's default; "always" needs no advice, "never"
// takes none). So before a restore, reserveHugeHeap grows the heap in one
// mapping, advises it, and lets it go: the collector then carves the
// restore's objects from those pages. See replay/DESIGN.md, "Huge pages
// for a restore's heap".

// hugePage is the size the kernel's transparent huge pages have on amd64
// and arm64 (with 4 KiB base pages).
const hugePage = 2 << 20

// reserveHugeHeap gives the heap size bytes in huge pages when the kernel
// takes the advice and the machine has memory to spare for it (four times
// size available), and reports whether it did.
func reserveHugeHeap(size int) bool {
	if !thpOnAdvice() || memAvailable() < 4*int64(size) {
		return false
	}
	if _, _, ok := adviseHugeBlock(size); !ok {
		return false
	}
	runtime.GC() // the block is garbage before the collector sets its next target
	return true
}

// adviseHugeBlock allocates size bytes, advises the huge pages inside
// them, and returns the advised range's first address and length; the
// block is garbage once it returns (runtime.GC then frees it without ever
// having counted it live).
//
//go:noinline
func adviseHugeBlock(size int) (uintptr, int, bool) {
	b := make([]byte, size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := int((p+hugePage-1)&^(hugePage-1) - p)
	to := int((p+uintptr(size))&^(hugePage-1) - p)
	if from >= to {
		return 0, 0, false
	}
	err := unix.Madvise(b[from:to], unix.MADV_HUGEPAGE)
	return p + uintptr(from), to - from, err == nil
}

// thpOnAdvice reports whether the kernel backs memory with transparent
// huge pages only where it is advised to.
func thpOnAdvice() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(b, []byte("[madvise]"))
}

// memAvailable is the kernel's estimate of the memory available for new
// work (MemAvailable), in bytes; 0 when it cannot be read.
func memAvailable() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemAvailable:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
