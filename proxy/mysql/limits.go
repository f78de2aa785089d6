package mysql

import (
	"encoding/binary"
	"errors"
	"net"
	"os"
	"syscall"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"
)

// Defaults of the connection limits (MySQL's, except max_connections).
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultWaitTimeout    = 8 * time.Hour
	DefaultMaxConnections = 1000
	DefaultReservedFiles  = 256
)

// filesPerConn is what one client may cost in file descriptors: its socket
// and, on a MariaDB backend, a connection of the read pool.
const filesPerConn = 2

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// RaiseFileLimit raises the soft open-file limit to the hard one (Go's
// runtime does this too on Linux; other starts may not) and returns it.
func RaiseFileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	return lim.Cur, nil
}

// connBudget is how many clients the node can serve at once: at most
// maxConns, and no more than the open-file limit leaves once the files
// already open and the reserve for consensus and the database are set
// aside. Running out of descriptors would otherwise crash consensus
// (it cannot open its WAL) or stop the accept loop.
func connBudget(maxConns, reserved int) int {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return maxConns
	}
	open := 0
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		open = len(ents)
	}
	free := (int(min(lim.Cur, 1<<30)) - open - reserved) / filesPerConn
	return max(1, min(maxConns, free))
}

// refuseTooMany answers a client the node has no room for, in place of
// the greeting, as MySQL does.
func refuseTooMany(nc net.Conn) {
	_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = nc.Write(errPacket(0, gm.ER_CON_COUNT_ERROR, "08004", "Too many connections"))
	nc.Close()
}

// errPacket encodes a MySQL ERR packet with its header.
func errPacket(seq byte, code uint16, state, msg string) []byte {
	pkt := []byte{0, 0, 0, seq, gm.ERR_HEADER}
	pkt = binary.LittleEndian.AppendUint16(pkt, code)
	pkt = append(append(append(pkt, '#'), state...), msg...)
	n := len(pkt) - 4
	pkt[0], pkt[1], pkt[2] = byte(n), byte(n>>8), byte(n>>16)
	return pkt
}

// acceptBackoff is how long Serve waits after an accept error the node
// can outlive (out of descriptors, aborted connection) before retrying.
func acceptBackoff(err error, prev time.Duration) (time.Duration, bool) {
	var ne net.Error
	transient := errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.ENOBUFS) ||
		errors.Is(err, syscall.ENOMEM) || (errors.As(err, &ne) && ne.Timeout())
	if !transient {
		return 0, false
	}
	return min(max(2*prev, 5*time.Millisecond), time.Second), true
}
