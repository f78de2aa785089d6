package mysql_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	gm "github.com/go-mysql-org/go-mysql/mysql"

	"github.com/blocksql/blocksql/drivers"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// A client that connects and never answers the greeting is closed after
// connect_timeout.
func TestConnectTimeoutClosesSilentClient(t *testing.T) {
	n := startNode(t, mysqlfront.Config{ConnectTimeout: 300 * time.Millisecond})
	c := dialRaw(t, n)
	readGreeting(t, c)
	if !closedWithin(c, 30*time.Second) {
		t.Fatal("a client that never logged in is still connected")
	}
	db := n.open(t, "root", "", "")
	if err := db.Ping(); err != nil {
		t.Fatalf("node stopped serving: %v", err)
	}
}

// Over max_connections a client gets 1040 Too many connections; once a
// connection closes, a new one is served.
func TestMaxConnections(t *testing.T) {
	n := startNode(t, mysqlfront.Config{MaxConnections: 3})
	var held []net.Conn
	for range 3 {
		c := dialRaw(t, n)
		readGreeting(t, c)
		held = append(held, c)
	}
	db := n.open(t, "root", "", "")
	assertCode(t, db.Ping(), 1040)
	held[0].Close()
	waitFor(t, func() bool { return db.Ping() == nil })
}

// An idle logged-in session is closed after wait_timeout.
func TestWaitTimeoutClosesIdleSession(t *testing.T) {
	n := startNode(t, mysqlfront.Config{WaitTimeout: 300 * time.Millisecond})
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(time.Second)
	var one int
	if err := conn.QueryRowContext(t.Context(), "SELECT 1").Scan(&one); err == nil {
		t.Fatal("an idle session outlived wait_timeout")
	}
}

// With fewer file descriptors than clients, the node refuses the clients
// beyond its budget with 1040 and keeps accepting and serving.
func TestFileDescriptorBudget(t *testing.T) {
	const clients = 300
	restore := limitOpenFiles(t, 2*clients) // test clients and server sides share the limit
	defer restore()
	n := startNode(t, mysqlfront.Config{ReservedFiles: 100})
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range clients {
		c, err := net.Dial("tcp", n.addr)
		if err != nil {
			break // the test process itself is out of descriptors
		}
		held = append(held, c)
	}
	refused := 0
	for _, c := range held {
		if isTooManyConnections(c) {
			refused++
		}
	}
	if refused == 0 {
		t.Fatalf("no client refused with 1040 of %d under a limit of %d files", len(held), 2*clients)
	}
	for _, c := range held {
		c.Close()
	}
	held = nil
	db := n.open(t, "root", "", "")
	waitFor(t, func() bool { return db.Ping() == nil })
}

// A wrong password for an account whose password is empty is refused
// with 1045 like any other wrong password.
func TestWrongPasswordForEmptyPasswordUser(t *testing.T) {
	for _, plugin := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(plugin, func(t *testing.T) {
			n := startNode(t, mysqlfront.Config{AuthPlugin: plugin})
			assertCode(t, n.open(t, "root:nope", "", "").Ping(), 1045)
			if err := n.open(t, "root", "", "").Ping(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Clients that disconnect before or after login, or give a wrong
// password, leave no stack trace in the node's log.
func TestDisconnectsLogNoStackTrace(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	n := startNodeLogged(t, mysqlfront.Config{Users: map[string]string{"root": "", "alice": "pw"}}, log)
	for range 5 {
		assertCode(t, n.open(t, "alice:wrong", "", "").Ping(), 1045)
		assertCode(t, n.open(t, "root:wrong", "", "").Ping(), 1045)
		c := dialRaw(t, n)
		readGreeting(t, c)
		c.Close()
		c = dialRaw(t, n)
		c.Write([]byte{0xff, 0xff, 0xff, 0x01, 1, 2})
		c.Close()
	}
	db := n.open(t, "root", "", "")
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s := buf.String(); strings.Contains(s, "goroutine") || strings.Contains(s, "panic") {
		t.Fatalf("log holds a stack trace:\n%s", s)
	}
}

func dialRaw(t *testing.T, n *testNode) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", n.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readGreeting reads the server's first packet and fails unless it is a
// handshake.
func readGreeting(t *testing.T, c net.Conn) {
	t.Helper()
	pkt, err := readPacket(c)
	if err != nil {
		t.Fatalf("greeting: %v", err)
	}
	if len(pkt) == 0 || pkt[0] != 10 {
		t.Fatalf("greeting is not a handshake: % x", pkt)
	}
}

func readPacket(c net.Conn) ([]byte, error) {
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	var h [4]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		return nil, err
	}
	pkt := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
	_, err := io.ReadFull(c, pkt)
	return pkt, err
}

// isTooManyConnections reports whether the server's first packet on c is
// the 1040 error.
func isTooManyConnections(c net.Conn) bool {
	pkt, err := readPacket(c)
	return err == nil && len(pkt) > 3 && pkt[0] == 0xff && pkt[1] == 0x10 && pkt[2] == 0x04
}

func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := c.Read(make([]byte, 1))
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 300 {
		if ok() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("condition not reached in 30 s")
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The node holds at most max_prepared_stmt_count prepared statements for
// all its connections (1461 past it, as MySQL) and at most
// max_prepared_bytes of their text (1041); closing a statement or
// disconnecting gives its share back.
func TestPreparedStatementLimits(t *testing.T) {
	n := startNode(t, mysqlfront.Config{Prepared: drivers.NewPreparedBudget(3, 4096)})
	connect := func() *client.Conn {
		c, err := client.Connect(n.addr, "root", "", "")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	prepareCode := func(c *client.Conn, q string) uint16 {
		if _, err := c.Prepare(q); err == nil { // kept open
			return 0
		} else {
			var me *gm.MyError
			if !errors.As(err, &me) {
				t.Fatalf("prepare %.40s: %v", q, err)
			}
			return me.Code
		}
	}
	c1, c2 := connect(), connect()
	defer c2.Close()
	var kept []*client.Stmt
	for range 2 {
		st, err := c1.Prepare("SELECT ?")
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, st)
	}
	if code := prepareCode(c2, "SELECT 1"); code != 0 {
		t.Fatalf("third statement: %d", code)
	}
	if code := prepareCode(c2, "SELECT 2"); code != 1461 {
		t.Fatalf("fourth statement on the node: %d, want 1461", code)
	}
	r, err := c2.Execute("SELECT @@max_prepared_stmt_count")
	if err != nil {
		t.Fatal(err)
	}
	if max, _ := r.GetInt(0, 0); max != 3 {
		t.Fatalf("@@max_prepared_stmt_count %d, want 3", max)
	}
	if r, err = c2.Execute("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'"); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.GetString(0, 1); n != "3" {
		t.Fatalf("Prepared_stmt_count %q, want 3", n)
	}
	if err := kept[0].Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return prepareCode(c2, "SELECT 3") == 0 })
	c1.Close() // its statement goes back too
	waitFor(t, func() bool { return prepareCode(c2, "SELECT 4") == 0 })
	if code := prepareCode(c2, "SELECT 5"); code != 1461 {
		t.Fatalf("after the disconnect, over the count again: %d, want 1461", code)
	}

	n2 := startNode(t, mysqlfront.Config{Prepared: drivers.NewPreparedBudget(0, 4096)})
	c4, err := client.Connect(n2.addr, "root", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer c4.Close()
	if code := prepareCode(c4, "SELECT '"+strings.Repeat("x", 5000)+"'"); code != drivers.ErOutOfResources {
		t.Fatalf("a statement larger than max_prepared_bytes: %d, want 1041", code)
	}
	if code := prepareCode(c4, "SELECT 'short'"); code != 0 {
		t.Fatalf("a short statement after the refused one: %d", code)
	}
}
