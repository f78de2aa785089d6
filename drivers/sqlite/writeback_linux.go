package sqlite

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing path's dirty pages to
// the disk now, without waiting for them (sync_file_range with
// SYNC_FILE_RANGE_WRITE), so that a later fsync finds most of them written.
// It is only a head start: the fsync still makes the file durable.
func startWriteback(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
	_ = f.Close()
}
