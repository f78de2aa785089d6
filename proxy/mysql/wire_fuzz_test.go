package mysql

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// byteConn is a net.Conn reading from a fixed byte stream in small,
// uneven reads, and discarding writes.
type byteConn struct {
	net.Conn
	in   []byte
	step int
}

func (c *byteConn) Read(p []byte) (int, error) {
	if len(c.in) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.in), c.step)
	copy(p, c.in[:n])
	c.in = c.in[n:]
	return n, nil
}

func (c *byteConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c *byteConn) SetDeadline(time.Time) error      { return nil }
func (c *byteConn) SetReadDeadline(time.Time) error  { return nil }
func (c *byteConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzWireFraming feeds arbitrary client bytes through the packet framer:
// it must never panic, never hand go-mysql more bytes than arrived (plus
// the parameter types it restores), and refuse packets over the limit.
func FuzzWireFraming(f *testing.F) {
	f.Add([]byte{0xff, 0xff, 0xff, 0x01}, 3)
	f.Add([]byte{1, 0, 0, 0, 0x03, 5, 0, 0, 1, 0x03, 'S', 'E', 'L', 'E'}, 2)
	f.Add([]byte{32, 0, 0, 1, 0, 0x08, 0, 0}, 7) // short SSL request
	f.Add([]byte{12, 0, 0, 0, 0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, 1)
	f.Fuzz(func(t *testing.T, in []byte, step int) {
		step = 1 + abs(step)%97
		wc := newWireConn(&byteConn{in: bytes.Clone(in), step: step}, 1<<10)
		wc.greeted = true
		wc.stmts[1] = &stmtTypes{params: 2, types: []byte{3, 0, 253, 0}}
		out, _ := io.ReadAll(io.LimitReader(wc, int64(len(in))+1<<12))
		if len(out) > len(in)+4*len(in) {
			t.Fatalf("framed %d bytes out of %d", len(out), len(in))
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
