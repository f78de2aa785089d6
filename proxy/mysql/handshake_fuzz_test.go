package mysql_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
)

// panicLog counts the frontend's reports of a connection closed by a
// panic, and keeps the last one.
type panicLog struct {
	n    *atomic.Int64
	last *atomic.Value
}

func (h panicLog) Enabled(context.Context, slog.Level) bool { return true }
func (h panicLog) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panic") {
		msg := r.Message
		r.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
		h.last.Store(msg)
		h.n.Add(1)
	}
	return nil
}
func (h panicLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h panicLog) WithGroup(string) slog.Handler      { return h }

// packet frames a client packet.
func packet(seq byte, payload ...[]byte) []byte {
	var p []byte
	for _, b := range payload {
		p = append(p, b...)
	}
	h := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), seq}
	return append(h, p...)
}

// loginRoot is a handshake response logging in as root, empty password,
// optionally into db.
func loginRoot(db string) []byte {
	caps := uint32(gm.CLIENT_LONG_PASSWORD | gm.CLIENT_PROTOCOL_41 | gm.CLIENT_SECURE_CONNECTION |
		gm.CLIENT_PLUGIN_AUTH | gm.CLIENT_MULTI_STATEMENTS | gm.CLIENT_MULTI_RESULTS | gm.CLIENT_TRANSACTIONS)
	if db != "" {
		caps |= gm.CLIENT_CONNECT_WITH_DB
	}
	p := binary.LittleEndian.AppendUint32(nil, caps)
	p = binary.LittleEndian.AppendUint32(p, 1<<24)
	p = append(p, 45)
	p = append(p, make([]byte, 23)...)
	p = append(p, "root\x00"...)
	p = append(p, 0) // no auth data: the empty password
	if db != "" {
		p = append(p, db+"\x00"...)
	}
	p = append(p, gm.AUTH_NATIVE_PASSWORD+"\x00"...)
	return packet(1, p)
}

func command(cmd byte, arg string) []byte { return packet(0, []byte{cmd}, []byte(arg)) }

// FuzzHandshake plays arbitrary client bytes against a node over TCP: the
// handshake response, then commands, all decoded by go-mysql behind the
// packet framer. The node must answer and close, never panic, and stay up
// for the next client.
func FuzzHandshake(f *testing.F) {
	var panics atomic.Int64
	var lastPanic atomic.Value
	n := mysqltest.StartNodeLogged(f, mysqlfront.Config{MaxAllowedPacket: 1 << 16,
		ConnectTimeout: 10 * time.Second}, "sqlite", slog.New(panicLog{&panics, &lastPanic}))
	stmtExec := binary.LittleEndian.AppendUint32([]byte{gm.COM_STMT_EXECUTE}, 1)
	stmtExec = append(stmtExec, 0, 1, 0, 0, 0, 0, 1, 3, 0)
	stmtExec = binary.LittleEndian.AppendUint32(stmtExec, 7)
	seeds := [][]byte{
		loginRoot(""),
		concat(loginRoot(""), command(gm.COM_QUERY, "SELECT 1"), command(gm.COM_PING, ""), command(gm.COM_QUIT, "")),
		concat(loginRoot("mysql"), command(gm.COM_INIT_DB, "information_schema"), command(gm.COM_FIELD_LIST, "TABLES\x00")),
		concat(loginRoot(""), command(gm.COM_STMT_PREPARE, "SELECT ?"), packet(0, stmtExec),
			command(gm.COM_STMT_RESET, "\x01\x00\x00\x00"), command(gm.COM_STMT_CLOSE, "\x01\x00\x00\x00")),
		concat(loginRoot(""), command(gm.COM_STMT_SEND_LONG_DATA, "\x01\x00\x00\x00\x00\x00abc"), command(gm.COM_STATISTICS, "")),
		concat(loginRoot(""), command(gm.COM_SET_OPTION, "\x01\x00"), command(gm.COM_RESET_CONNECTION, ""), command(0xfe, "x")),
		packet(1, binary.LittleEndian.AppendUint32(nil, gm.CLIENT_SSL|gm.CLIENT_PROTOCOL_41), make([]byte, 28)),
		{0xff, 0xff, 0xff, 0x01},
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := net.Dial("tcp", n.Addr)
		if err != nil {
			t.Fatalf("the node stopped accepting: %v", err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		_, _ = c.Write(in) // the node may close before reading everything
		_ = c.(*net.TCPConn).CloseWrite()
		if _, err := io.Copy(io.Discard, c); err != nil && isTimeout(err) {
			t.Fatalf("the node neither answered %x nor closed the connection", in)
		}
		if panics.Load() > 0 {
			t.Fatalf("a panic closed the connection serving %x (or an input before it): %v", in, lastPanic.Load())
		}
	})
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// A handshake response whose fields run past its end (a user or plugin
// name without its NUL, a database cut short, a length that runs out) is
// refused with 1043 Bad handshake, no connection panics, and the node keeps
// serving.
func TestTruncatedHandshakeResponse(t *testing.T) {
	var panics atomic.Int64
	var lastPanic atomic.Value
	n := startNodeLogged(t, mysqlfront.Config{}, slog.New(panicLog{&panics, &lastPanic}))
	fixed := func(caps uint32) []byte {
		caps |= gm.CLIENT_PROTOCOL_41 | gm.CLIENT_SECURE_CONNECTION
		return append(binary.LittleEndian.AppendUint32(nil, caps), make([]byte, 28)...)
	}
	for name, p := range map[string][]byte{
		"user without NUL":            concat(fixed(0), []byte("root")),
		"auth data past the end":      concat(fixed(0), []byte("root\x00\x14abc")),
		"database without NUL":        concat(fixed(gm.CLIENT_CONNECT_WITH_DB), []byte("root\x00\x00sho")),
		"plugin name without NUL":     concat(fixed(gm.CLIENT_PLUGIN_AUTH), []byte("root\x00\x00mysql_native")),
		"attributes length cut":       concat(fixed(gm.CLIENT_CONNECT_ATTRS), []byte("root\x00\x00\xfc\x01")),
		"attribute string length cut": concat(fixed(gm.CLIENT_CONNECT_ATTRS), []byte("root\x00\x00\x02\xfd\x01")),
	} {
		c := dialRaw(t, n)
		readGreeting(t, c)
		if _, err := c.Write(packet(1, p)); err != nil {
			t.Fatal(err)
		}
		pkt, err := readPacket(c)
		if err != nil || len(pkt) < 3 || pkt[0] != 0xff || int(pkt[1])|int(pkt[2])<<8 != gm.ER_HANDSHAKE_ERROR {
			t.Errorf("%s: want ERR 1043, got % x (%v)", name, pkt, err)
		}
		c.Close()
	}
	if panics.Load() != 0 {
		t.Fatalf("a connection panicked: %v", lastPanic.Load())
	}
	db := n.open(t, "root", "", "")
	mustExec(t, db, "SELECT 1")
}

// An empty command packet after the handshake response is answered with
// 1047 Unknown command, and the connection goes on.
func TestEmptyCommandPacket(t *testing.T) {
	var panics atomic.Int64
	var lastPanic atomic.Value
	n := startNodeLogged(t, mysqlfront.Config{}, slog.New(panicLog{&panics, &lastPanic}))
	c := dialRaw(t, n)
	readGreeting(t, c)
	// Sent at once: the empty packet is framed before the login completes.
	if _, err := c.Write(concat(loginRoot(""), packet(0))); err != nil {
		t.Fatal(err)
	}
	if pkt, err := readPacket(c); err != nil || len(pkt) == 0 || pkt[0] != 0 {
		t.Fatalf("login: % x (%v)", pkt, err)
	}
	pkt, err := readPacket(c)
	if err != nil || len(pkt) < 3 || pkt[0] != 0xff || int(pkt[1])|int(pkt[2])<<8 != gm.ER_UNKNOWN_COM_ERROR {
		t.Fatalf("want ERR 1047, got % x (%v)", pkt, err)
	}
	if _, err := c.Write(command(gm.COM_PING, "")); err != nil {
		t.Fatal(err)
	}
	if pkt, err := readPacket(c); err != nil || len(pkt) == 0 || pkt[0] != 0 {
		t.Fatalf("ping after the empty packet: % x (%v)", pkt, err)
	}
	if panics.Load() != 0 {
		t.Fatalf("a connection panicked: %v", lastPanic.Load())
	}
}

// A login packet after the handshake response whose first byte is that of
// COM_STMT_SEND_LONG_DATA (0x18) is a login packet, not long data: an auth
// switch response is a password scramble, which starts with that byte one
// time in 256. Such logins hung until connect_timeout (go-sql-driver's
// caching_sha2_password logins failed about once in a hundred). The client
// here announces caching_sha2_password to a node that asks for
// mysql_native_password, so the node switches, and it connects until a
// scramble starts with 0x18: the right password logs in, a wrong one
// starting the same way is refused, both at once.
func TestAuthSwitchResponseLikeLongData(t *testing.T) {
	n := startNode(t, mysqlfront.Config{Users: map[string]string{"u": "Pw-1"}})
	login := func(scramble func(salt []byte) []byte) ([]byte, bool) {
		c := dialRaw(t, n)
		defer c.Close()
		readGreeting(t, c)
		caps := uint32(gm.CLIENT_LONG_PASSWORD | gm.CLIENT_PROTOCOL_41 | gm.CLIENT_SECURE_CONNECTION | gm.CLIENT_PLUGIN_AUTH)
		p := binary.LittleEndian.AppendUint32(nil, caps)
		p = binary.LittleEndian.AppendUint32(p, 1<<24)
		p = append(append(p, 45), make([]byte, 23)...)
		p = append(p, "u\x00"...)
		p = append(p, 32)
		p = append(p, make([]byte, 32)...) // a caching_sha2 scramble against no salt: the node switches anyway
		p = append(p, gm.AUTH_CACHING_SHA2_PASSWORD+"\x00"...)
		if _, err := c.Write(packet(1, p)); err != nil {
			t.Fatal(err)
		}
		sw, err := readPacket(c)
		if err != nil || len(sw) < 1 || sw[0] != gm.EOF_HEADER {
			t.Fatalf("want an auth switch request, got % x (%v)", sw, err)
		}
		plugin, salt, _ := bytes.Cut(sw[1:], []byte{0})
		if string(plugin) != gm.AUTH_NATIVE_PASSWORD || len(salt) < 20 {
			t.Fatalf("auth switch to %q with a %d-byte salt", plugin, len(salt))
		}
		resp := scramble(salt[:20])
		if resp[0] != gm.COM_STMT_SEND_LONG_DATA {
			return nil, false
		}
		if _, err := c.Write(packet(3, resp)); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		var h [4]byte
		if _, err := io.ReadFull(c, h[:]); err != nil {
			t.Fatalf("no answer to a login whose scramble starts with 0x18 (% x): %v", resp, err)
		}
		ans := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
		if _, err := io.ReadFull(c, ans); err != nil {
			t.Fatal(err)
		}
		return ans, true
	}
	right := func(salt []byte) []byte { return gm.CalcNativePassword(salt, []byte("Pw-1")) }
	wrong := func([]byte) []byte { return append([]byte{gm.COM_STMT_SEND_LONG_DATA}, make([]byte, 19)...) }
	if ans, _ := login(wrong); len(ans) < 3 || ans[0] != 0xff || int(ans[1])|int(ans[2])<<8 != gm.ER_ACCESS_DENIED_ERROR {
		t.Errorf("wrong password starting with 0x18: want ERR 1045, got % x", ans)
	}
	for try := 0; try < 5000; try++ {
		if ans, ok := login(right); ok {
			if len(ans) == 0 || ans[0] != gm.OK_HEADER {
				t.Fatalf("right password whose scramble starts with 0x18: want OK, got % x", ans)
			}
			return
		}
	}
	t.Fatal("no salt in 5000 logins gave a scramble starting with 0x18")
}
