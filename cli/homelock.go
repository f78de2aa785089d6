package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFile marks a home as used by a running node. The lock is an flock,
// so it disappears with the process however it ends; the file keeps the
// pid for the message a second start prints.
const lockFile = "blocksql.lock"

// lockHome takes the home's lock; the returned func releases it. A second
// node on the same home would fight the first over every database and
// key file, so it is refused with a hint.
func lockHome(home string) (func(), error) {
	path := filepath.Join(home, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", home, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &UsageError{Msg: fmt.Sprintf("a node is already running on %s%s", home, pidText(b)),
				Hint: "blocksql status --home " + home + "   (stop that node first, or give another --home)"}
		}
		return nil, fmt.Errorf("lock %s: %w", home, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}

func pidText(b []byte) string {
	if pid := strings.TrimSpace(string(b)); pid != "" {
		return " (pid " + pid + ")"
	}
	return ""
}
