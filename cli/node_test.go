package cli

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/blocksql/blocksql/consensus/consensustest"
	"github.com/blocksql/blocksql/drivers/mysql"
)

const mariaDSN = "root@tcp(127.0.0.1:3306)/"

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// blocksqlBin returns the blocksql binary: $BLOCKSQL_BIN (make test sets
// it) or one built for this test run.
func blocksqlBin(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("BLOCKSQL_BIN"); p != "" {
		return p
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "blocksql-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "blocksql")
		out, err := exec.Command("go", "build", "-ldflags", "-X github.com/blocksql/blocksql/cli.commit=test", "-o", binPath, "./blocksql").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// freePort is a port nothing listens on, for a node a test starts later
// (consensustest.FreePort).
func freePort(t testing.TB) int { return consensustest.FreePort(t) }

// testNode is a blocksql process started from the real binary.
type testNode struct {
	t     testing.TB
	home  string
	port  int
	cmd   *exec.Cmd
	log   *os.File
	ready chan struct{}
}

// newHome initializes a home; backend is "sqlite" or "mysql".
func newHome(t testing.TB, backend string, extraConfig string) (home string, port int) {
	t.Helper()
	home = t.TempDir()
	port = freePort(t)
	metrics := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	args := []string{"init", "--home", home, "--mysql-listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--metrics-listen", metrics}
	if backend == "mysql" {
		requireMariaDB(t)
		prefix := fmt.Sprintf("blocksql_test_%d_", time.Now().UnixNano()%1e9)
		args = append(args, "--driver", "mysql", "--dsn", mariaDSN, "--prefix", prefix)
		t.Cleanup(func() { _ = mysql.DropPrefix(context.Background(), mariaDSN, prefix) })
	}
	if extraConfig != "" {
		cfg := fmt.Sprintf("[mysql]\nlisten = \"127.0.0.1:%d\"\n%s\n[metrics]\nlisten = %q\n", port, extraConfig, metrics)
		if err := os.WriteFile(filepath.Join(home, ConfigFile), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(blocksqlBin(t), args...).CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	return home, port
}

func requireMariaDB(t testing.TB) {
	t.Helper()
	db, _ := sql.Open("mysql", mariaDSN)
	defer db.Close()
	if err := db.Ping(); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("MariaDB not reachable at %s: %v", mariaDSN, err)
		}
		t.Skipf("MariaDB not reachable at %s (BLOCKSQL_REQUIRE_BACKENDS=1 makes this fail): %v", mariaDSN, err)
	}
}

// start runs `blocksql start` and waits until it prints its connect line.
func start(t testing.TB, home string, port int) *testNode {
	t.Helper()
	logf, err := os.OpenFile(filepath.Join(home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	n := &testNode{t: t, home: home, port: port, log: logf, ready: make(chan struct{})}
	n.cmd = exec.Command(blocksqlBin(t), "start", "--home", home)
	n.cmd.Stderr = logf
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go n.watch(stdout)
	t.Cleanup(n.stop)
	select {
	case <-n.ready:
	case <-time.After(60 * time.Second):
		t.Fatalf("node did not become ready; log:\n%s", n.logText())
	}
	return n
}

func (n *testNode) watch(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "mariadb -h") || strings.Contains(sc.Text(), "psql -h") {
			close(n.ready)
		}
	}
}

func (n *testNode) logText() string {
	b, _ := os.ReadFile(filepath.Join(n.home, "node.log"))
	return string(b)
}

// stop ends the process gracefully (SIGTERM) if it still runs.
func (n *testNode) stop() {
	if n.cmd.ProcessState == nil {
		_ = n.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = n.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = n.cmd.Process.Kill()
			<-done
		}
	}
	n.log.Close()
}

// kill ends the process with SIGKILL, as a crash would.
func (n *testNode) kill() {
	_ = n.cmd.Process.Signal(syscall.SIGKILL)
	_ = n.cmd.Wait()
}

func (n *testNode) db(t testing.TB, params string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/%s", n.port, params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// mariadbCLI runs the real mariadb client against the node.
func (n *testNode) mariadbCLI(t testing.TB, sql string, extra ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("mariadb"); err != nil {
		t.Skip("mariadb client not installed")
	}
	args := append([]string{"-h", "127.0.0.1", "-P", fmt.Sprint(n.port), "-u", "root"}, extra...)
	args = append(args, "-e", sql)
	out, err := exec.Command("mariadb", args...).CombinedOutput()
	return string(out), err
}
