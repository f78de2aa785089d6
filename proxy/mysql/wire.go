package mysql

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"
)

// DefaultMaxAllowedPacket is the largest client packet (statement,
// prepared statement execution or LOAD DATA chunk) the frontend accepts
// unless configured otherwise: MySQL's default max_allowed_packet, 64 MiB.
const DefaultMaxAllowedPacket = 64 << 20

// Capabilities and status flags go-mysql does not announce itself.
const (
	extraCapabilities = gm.CLIENT_FOUND_ROWS | gm.CLIENT_MULTI_STATEMENTS | gm.CLIENT_MULTI_RESULTS | gm.CLIENT_PS_MULTI_RESULTS | gm.CLIENT_LOCAL_FILES
	greetingStatus    = gm.SERVER_STATUS_AUTOCOMMIT
)

var errPacketTooLarge = errors.New("client packet larger than max_allowed_packet")

var errBadHandshake = errors.New("malformed handshake response")

// wireConn sits between the socket and go-mysql's packet reader and writer
// and fixes, at the packet level, what go-mysql's server does not do:
//
//   - it frames incoming packets itself and hands a packet to go-mysql only
//     once all of its bytes arrived, so a header announcing 16 MiB makes the
//     node reserve nothing it was not sent; a packet above maxPacket is
//     answered with ER_NET_PACKET_TOO_LARGE and the connection closed, as
//     MySQL does;
//   - a COM_STMT_EXECUTE that does not re-send its parameter types (C
//     clients send them only on the first execution after binding) gets the
//     types of the statement's previous execution, which go-mysql would
//     otherwise treat as "no parameters" and bind every one to NULL;
//   - the greeting announces autocommit and the capabilities blocksql serves
//     (multi-statements, multi-results, LOCAL INFILE);
//   - the handler can drop one packet write (see writeStatistics), or add
//     the info text to the next OK packet (see infoNext);
//   - once the client is logged in, the packets of an answer are sent
//     together: go-mysql writes each packet with a Write call of its own
//     (a result set is its column count, each column's definition, each
//     row and the end packet), and a write system call per packet made a
//     point SELECT's answer five sends, waking the client for each. Writes
//     are kept (up to outMax bytes) and sent when the connection next
//     reads from the socket, that is, once the answer is whole and the
//     server waits for the client's next command (see flush).
//
// go-mysql writes each packet with a single Write call, and a connection's
// reads and writes come from its one goroutine.
type wireConn struct {
	net.Conn
	maxPacket int

	buf     []byte // read buffer
	out     []byte // packets written and not yet sent (see flush)
	in      []byte // bytes from the socket not yet framed
	chunk   []byte // the packet being assembled: header and payload so far
	ready   []byte // complete packets for go-mysql to read
	logical int    // size so far of a packet split in 16 MiB chunks
	tooBig  bool
	// responded: the client's handshake response has been framed;
	// badResponse: it was malformed and refused.
	responded, badResponse bool
	long                   *longChunk // a COM_STMT_SEND_LONG_DATA split in 16 MiB chunks
	// raw: the client asked for TLS; the bytes that follow are TLS records,
	// passed through (a wireConn above the TLS layer frames them).
	raw bool

	// salt is the scramble the greeting sent, for checking passwords
	// against stored hashes.
	salt []byte

	mu          sync.Mutex
	drop        bool
	info        string // for the next packet written, an OK packet
	greeted     bool
	loggedIn    bool // the client is authenticated: no auth switch follows
	sentPrepare bool
	preparing   any // the handler's context of the statement being prepared
	stmts       map[uint32]*stmtTypes
	// longHeld is the long data all the connection's statements hold
	// (their long and bound data), at most maxPacket.
	longHeld int
}

// stmtTypes is what the frontend remembers of a prepared statement to
// complete executions that omit their parameter types.
type stmtTypes struct {
	params int
	types  []byte
	ctx    any       // the handler's context for the statement
	long   *longData // parameters sent with COM_STMT_SEND_LONG_DATA
	bound  *longData // long data of the execution being handed to go-mysql
}

func newWireConn(c net.Conn, maxPacket int) *wireConn {
	return &wireConn{Conn: c, maxPacket: maxPacket, stmts: map[uint32]*stmtTypes{}}
}

func (c *wireConn) dropNextWrite() {
	c.mu.Lock()
	c.drop = true
	c.mu.Unlock()
}

// infoNext has the next packet written, an OK packet, carry info as its
// human-readable text (MySQL's "Rows matched: 1  Changed: 1  Warnings: 0"),
// which go-mysql's OK packets leave out.
func (c *wireConn) infoNext(info string) {
	c.mu.Lock()
	c.info = info
	c.mu.Unlock()
}

func (c *wireConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	drop, info := c.drop, c.info
	c.drop, c.info = false, ""
	if !c.greeted {
		c.greeted = true
		patchGreeting(b)
		c.salt = greetingSalt(b)
	} else if c.sentPrepare {
		c.sentPrepare = false
		c.notePrepared(b)
	} else if !c.loggedIn && !c.raw {
		c.noteAuthSwitch(b)
	}
	c.mu.Unlock()
	if drop {
		return len(b), nil
	}
	if info != "" && len(b) > 4 && b[4] == gm.OK_HEADER {
		if _, err := c.send(withInfo(b, info)); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return c.send(b)
}

// outMax bounds the bytes of an answer kept before they are sent: a large
// result goes out in pieces of about this size as it is written.
const outMax = 16 << 10

// send writes b to the socket, or, once the client is logged in, keeps a
// copy to send with the rest of the answer (see the type's comment). The
// handshake is written as it comes: its packets alternate with the
// client's, and a TLS handshake writes below this layer.
func (c *wireConn) send(b []byte) (int, error) {
	if !c.loggedIn || c.raw {
		return c.Conn.Write(b)
	}
	if len(c.out)+len(b) > outMax {
		if err := c.flush(); err != nil {
			return 0, err
		}
		if len(b) >= outMax {
			return c.Conn.Write(b)
		}
	}
	c.out = append(c.out, b...)
	return len(b), nil
}

// Close sends what is kept (go-mysql closes the connection itself after
// writing the error that ends a handshake) and closes the socket.
func (c *wireConn) Close() error {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(flushDeadline))
	_ = c.flush()
	return c.Conn.Close()
}

// flush sends the packets kept by send. Every read from the socket flushes
// first, so the client has the whole answer before the server waits for
// it; the connection's end flushes what its last command wrote.
func (c *wireConn) flush() error {
	if len(c.out) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.out)
	if cap(c.out) > outMax {
		c.out = nil
	} else {
		c.out = c.out[:0]
	}
	return err
}

// withInfo is OK packet b (header included) with info appended as a
// length-encoded string, as MySQL and MariaDB servers write it (and
// libmariadb reads it) whether or not CLIENT_SESSION_TRACK is set.
func withInfo(b []byte, info string) []byte {
	out := append(make([]byte, 0, len(b)+9+len(info)), b...)
	out = append(append(out, gm.PutLengthEncodedInt(uint64(len(info)))...), info...)
	n := len(out) - 4
	out[0], out[1], out[2] = byte(n), byte(n>>8), byte(n>>16)
	return out
}

// patchGreeting sets the status and extra capability bits of the initial
// handshake packet in place.
func patchGreeting(b []byte) {
	nul := 5
	for nul < len(b) && b[nul] != 0 {
		nul++
	}
	capLow := nul + 1 + 4 + 8 + 1
	status := capLow + 2 + 1
	capHigh := status + 2
	if capHigh+2 > len(b) {
		return
	}
	low := binary.LittleEndian.Uint16(b[capLow:]) | uint16(extraCapabilities&0xffff)
	high := binary.LittleEndian.Uint16(b[capHigh:]) | uint16(extraCapabilities>>16)
	binary.LittleEndian.PutUint16(b[capLow:], low)
	binary.LittleEndian.PutUint16(b[status:], binary.LittleEndian.Uint16(b[status:])|greetingStatus)
	binary.LittleEndian.PutUint16(b[capHigh:], high)
}

// noteAuthSwitch takes the new scramble of an auth switch request
// (header, 0xFE, plugin name, NUL, 20-byte scramble): the password is
// then checked against it, not against the greeting's.
func (c *wireConn) noteAuthSwitch(b []byte) {
	if len(b) < 6 || b[4] != gm.EOF_HEADER {
		return
	}
	nul := bytes.IndexByte(b[5:], 0)
	if nul < 0 || len(b[5+nul+1:]) < 20 {
		return
	}
	c.salt = bytes.Clone(b[5+nul+1 : 5+nul+21])
}

// markLoggedIn ends the handshake: no later packet is an auth switch.
func (c *wireConn) markLoggedIn() {
	c.mu.Lock()
	c.loggedIn = true
	c.mu.Unlock()
}

// notePrepared reads the statement id and parameter count of a
// COM_STMT_PREPARE_OK packet (header included).
func (c *wireConn) notePrepared(b []byte) {
	if len(b) < 4+12 || b[4] != 0 {
		return
	}
	id := binary.LittleEndian.Uint32(b[5:])
	c.stmts[id] = &stmtTypes{params: int(binary.LittleEndian.Uint16(b[11:])), ctx: c.preparing}
	c.preparing = nil
}

func (c *wireConn) Read(p []byte) (int, error) {
	for len(c.ready) == 0 {
		if c.raw {
			return c.Conn.Read(p)
		}
		if c.tooBig {
			return 0, errPacketTooLarge
		}
		if c.badResponse {
			return 0, errBadHandshake
		}
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.ready)
	c.ready = c.ready[n:]
	return n, nil
}

// fill reads from the socket until at least one packet is complete.
func (c *wireConn) fill() error {
	if err := c.flush(); err != nil {
		return err
	}
	if c.buf == nil {
		c.buf = make([]byte, 64<<10)
	}
	n, err := c.Conn.Read(c.buf)
	c.in = c.buf[:n]
	for len(c.in) > 0 && !c.tooBig && !c.badResponse {
		if c.raw {
			c.ready = append(c.ready, c.in...)
			break
		}
		if ferr := c.frame(); ferr != nil {
			return ferr
		}
	}
	if n > 0 && err != nil && len(c.ready) > 0 {
		return nil // hand over what arrived; the error comes back next read
	}
	return err
}

// frame moves bytes from in to the packet being assembled and, when it is
// complete, to ready.
func (c *wireConn) frame() error {
	if len(c.chunk) < 4 {
		k := min(4-len(c.chunk), len(c.in))
		c.chunk = append(c.chunk, c.in[:k]...)
		c.in = c.in[k:]
		if len(c.chunk) < 4 {
			return nil
		}
		if err := c.checkSize(); err != nil {
			return err
		}
	}
	want := 4 + payloadLen(c.chunk) - len(c.chunk)
	k := min(want, len(c.in))
	c.chunk = append(c.chunk, c.in[:k]...)
	c.in = c.in[k:]
	if k == want {
		if pkt := c.complete(c.chunk); len(c.ready) == 0 {
			c.ready = pkt
		} else {
			c.ready = append(c.ready, pkt...)
		}
		c.chunk = nil
	}
	return nil
}

func payloadLen(h []byte) int { return int(h[0]) | int(h[1])<<8 | int(h[2])<<16 }

// checkSize adds a new chunk's length to its packet's size and refuses the
// packet once it is larger than maxPacket, before reading its payload.
func (c *wireConn) checkSize() error {
	c.logical += payloadLen(c.chunk)
	if c.logical > c.maxPacket {
		c.tooBig = true
		c.drainChunk(payloadLen(c.chunk) - len(c.in))
		c.writeTooLarge(c.chunk[3] + 1)
		return errPacketTooLarge
	}
	return nil
}

// drainDeadline bounds how long a refused packet's bytes are discarded.
const drainDeadline = 5 * time.Second

// drainChunk discards up to n more bytes of a refused chunk, into the read
// buffer and never kept, so the client finishes sending and reads the 1153
// before the connection closes: closing with its bytes unread resets the
// connection, and the client then sees "connection reset" instead of the
// error. A client that stops sending is cut off at drainDeadline.
func (c *wireConn) drainChunk(n int) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(drainDeadline))
	for n > 0 {
		k, err := c.Conn.Read(c.buf[:min(n, len(c.buf))])
		n -= k
		if err != nil {
			return
		}
	}
}

// writeTooLarge answers with MySQL's ER_NET_PACKET_TOO_LARGE.
func (c *wireConn) writeTooLarge(seq byte) {
	msg := "Got a packet bigger than 'max_allowed_packet' bytes"
	_, _ = c.Conn.Write(errPacket(seq, gm.ER_NET_PACKET_TOO_LARGE, "08S01", msg))
}

// complete is called with each whole chunk (header and payload) and
// returns what go-mysql reads instead.
func (c *wireConn) complete(pkt []byte) []byte {
	n := payloadLen(pkt)
	// Only a command (sequence 0) is a COM_STMT_SEND_LONG_DATA: a packet of
	// the login (an auth switch response, an encrypted password) may start
	// with the same byte, one in 256 by chance, and was held as long data,
	// hanging the login until connect_timeout.
	if c.long != nil || (c.logical == n && n > 0 && pkt[3] == 0 && pkt[4] == gm.COM_STMT_SEND_LONG_DATA) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.longChunk(pkt)
		if n < gm.MaxPayloadLen {
			c.logical = 0
		}
		return nil
	}
	if n == gm.MaxPayloadLen {
		return pkt // more chunks of the same packet follow
	}
	c.logical = 0
	if isSSLRequest(pkt) {
		c.raw = true
	} else if !c.responded {
		c.responded = true
		if !wellFormedResponse(pkt[4:]) {
			c.badResponse = true
			_, _ = c.Conn.Write(errPacket(pkt[3]+1, gm.ER_HANDSHAKE_ERROR, "08S01", "Bad handshake"))
			return nil
		}
	}
	if pkt[3] != 0 {
		return pkt
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n == 0 {
		if !c.responded {
			return pkt
		}
		// A command packet without a command byte: go-mysql would index
		// past its end. It reads COM_SLEEP instead, which a client may
		// not send either: the answer is 1047 Unknown command, in order.
		return []byte{1, 0, 0, 0, gm.COM_SLEEP}
	}
	switch pkt[4] {
	case gm.COM_STMT_RESET:
		if st := c.stmtOf(pkt); st != nil {
			c.dropLong(&st.long)
		}
	case gm.COM_STMT_PREPARE:
		c.sentPrepare = true
	case gm.COM_STMT_CLOSE:
		if n >= 5 {
			id := binary.LittleEndian.Uint32(pkt[5:])
			if st := c.stmts[id]; st != nil {
				c.dropLong(&st.long)
				c.dropLong(&st.bound)
			}
			delete(c.stmts, id)
		}
	case gm.COM_STMT_EXECUTE:
		return c.completeExecute(pkt)
	}
	return pkt
}

// completeExecute remembers the parameter types an execution sends, and
// adds the remembered ones to an execution that omits them.
func (c *wireConn) completeExecute(pkt []byte) []byte {
	const fixed = 4 + 1 + 4 + 1 + 4 // header, command, id, flags, iterations
	if len(pkt) < fixed {
		return pkt
	}
	st := c.stmts[binary.LittleEndian.Uint32(pkt[5:])]
	if st == nil || st.params == 0 {
		return pkt
	}
	flag := fixed + (st.params+7)/8
	if len(pkt) <= flag {
		return pkt
	}
	c.dropLong(&st.bound) // an execution that never ran
	st.bindLong(pkt[fixed:flag])
	if pkt[flag] == 1 {
		if len(pkt) >= flag+1+2*st.params {
			st.types = append(st.types[:0], pkt[flag+1:flag+1+2*st.params]...)
		}
		return pkt
	}
	if st.types == nil || len(pkt)-4+1+len(st.types) >= gm.MaxPayloadLen {
		return pkt
	}
	out := make([]byte, 0, len(pkt)+len(st.types))
	out = append(append(append(out, pkt[:flag]...), 1), st.types...)
	out = append(out, pkt[flag+1:]...)
	n := len(out) - 4
	out[0], out[1], out[2] = byte(n), byte(n>>8), byte(n>>16)
	return out
}

// isSSLRequest reports whether pkt is the short handshake response with
// which a client asks to switch to TLS.
func isSSLRequest(pkt []byte) bool {
	const sslRequestLen = 4 + 4 + 1 + 23
	return payloadLen(pkt) == sslRequestLen && pkt[3] == 1 &&
		binary.LittleEndian.Uint32(pkt[4:])&gm.CLIENT_SSL != 0
}

// greetingSalt extracts the 20-byte scramble of a greeting packet (header
// included): 8 bytes after the connection id, 12 after the reserved bytes.
func greetingSalt(b []byte) []byte {
	nul := 5
	for nul < len(b) && b[nul] != 0 {
		nul++
	}
	part1 := nul + 1 + 4
	part2 := part1 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10
	if part2+12 > len(b) {
		return nil
	}
	return append(append([]byte(nil), b[part1:part1+8]...), b[part2:part2+12]...)
}

// wellFormedResponse reports whether a handshake response's fields (after
// the 32 fixed bytes: user, auth data, database, plugin name, connection
// attributes) all end inside the packet, as go-mysql reads them without
// checking: a response cut short is refused with 1043 instead. A field
// go-mysql checks itself is left to it.
func wellFormedResponse(p []byte) bool {
	if len(p) < 32 {
		return len(p) >= 4 && binary.LittleEndian.Uint32(p)&gm.CLIENT_PROTOCOL_41 == 0 // refused by go-mysql
	}
	caps := binary.LittleEndian.Uint32(p)
	pos := 32
	field := func() bool { // a NUL-terminated string
		nul := bytes.IndexByte(p[pos:], 0)
		pos += nul + 1
		return nul >= 0
	}
	// lenenc reads a length-encoded integer; ok is false when its bytes
	// run past the packet, end when the packet ends (or the value is NULL).
	lenenc := func() (n uint64, end, ok bool) {
		if pos == len(p) || p[pos] == 0xfb {
			return 0, true, true
		}
		size := map[byte]int{0xfc: 3, 0xfd: 4, 0xfe: 9}[p[pos]]
		if size == 0 {
			size = 1
		}
		if len(p)-pos < size {
			return 0, false, false
		}
		n, _, _ = gm.LengthEncodedInt(p[pos:])
		pos += size
		return n, false, true
	}
	if !field() {
		return false
	}
	switch {
	case caps&gm.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA != 0:
		n, end, ok := lenenc()
		if !ok || end || uint64(len(p)-pos) < n {
			return ok // go-mysql refuses NULL or short auth data itself
		}
		pos += int(n)
	case caps&gm.CLIENT_SECURE_CONNECTION != 0:
		if pos >= len(p) {
			return false
		}
		pos += 1 + int(p[pos])
	default:
		return true // go-mysql refuses it before reading further
	}
	if pos > len(p) {
		return false
	}
	if caps&gm.CLIENT_CONNECT_WITH_DB != 0 && pos < len(p) && !field() {
		return false
	}
	if caps&gm.CLIENT_PLUGIN_AUTH != 0 && !field() {
		return false
	}
	if caps&gm.CLIENT_CONNECT_ATTRS == 0 {
		return true
	}
	// The attributes' total length, then strings up to the end.
	if n, end, ok := lenenc(); !ok || end || uint64(len(p)-pos) < n {
		return ok
	}
	for {
		n, end, ok := lenenc()
		if !ok || end || uint64(len(p)-pos) < n {
			return ok
		}
		pos += int(n)
	}
}
