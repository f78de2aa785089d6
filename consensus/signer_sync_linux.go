package consensus

import (
	"os"
	"syscall"
)

// datasync makes f's data durable without its timestamps: the signer's
// file keeps its size and blocks, so its inode need not be written.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
