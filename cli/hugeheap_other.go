//go:build !linux

package cli

// reserveHugeHeap does nothing where the kernel has no madvise for
// transparent huge pages (hugeheap_linux.go).
func reserveHugeHeap(int) bool { return false }
