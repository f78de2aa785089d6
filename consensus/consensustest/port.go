// Package consensustest helps tests start nodes: it hands out local ports
// a node can bind later.
package consensustest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"
)

// FreePort is a port nothing listens on, for a node a test starts later.
// It is taken below Linux's ephemeral range (32768–60999): a port the
// kernel hands out for ":0" can be handed out again to any outgoing
// connection (MariaDB, a client, another test's node) before the node
// binds it, which made nodes fail to start with "address already in use".
// Ports are tried in turn from an offset of the process, so parallel test
// processes differ.
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := port()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// FreeP2P is FreePort as a P2P listen address, "tcp://127.0.0.1:port".
func FreeP2P(t testing.TB) string {
	t.Helper()
	a, err := P2P()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// P2P is FreeP2P for code that has no testing.TB (a TestMain's fixture).
func P2P() (string, error) {
	p, err := port()
	return fmt.Sprintf("tcp://127.0.0.1:%d", p), err
}

func port() (int, error) {
	for range portSpan {
		p := portBase + int(nextPort.Add(1)%portSpan)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			l.Close()
			return p, nil
		}
	}
	return 0, errors.New("no free port below the ephemeral range")
}

const portBase, portSpan = 20000, 12000

var nextPort = func() *atomic.Int64 {
	var n atomic.Int64
	n.Store(int64(os.Getpid()) * 97)
	return &n
}()
