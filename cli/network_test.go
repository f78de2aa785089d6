package cli

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cometbft/cometbft/p2p"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers/mysql"
)

// Network tests start `blocksql testnet` homes as real processes on
// 127.0.0.1. The fast one (one validator killed and restarted) runs in
// every `make test`; the others need BLOCKSQL_LONG=1. Every wait polls a
// condition under a generous deadline: the machine is shared and slow.

const netDeadline = 3 * time.Minute

func requireLong(t *testing.T) {
	if os.Getenv("BLOCKSQL_LONG") != "1" {
		t.Skip("long network fault test: set BLOCKSQL_LONG=1")
	}
}

// testNet is a network created by `blocksql testnet`.
type testNet struct {
	t     *testing.T
	homes []string
	ports []int
	nodes []*testNode // nil while a node is down
	// clients counts the writer clients started, so that each has its
	// own client number and (client, seq) identifies one write.
	clients int
}

// newTestNet creates and starts a network; backends as for --backends.
// writeTimeout, if set, goes into every node's [network] section.
func newTestNet(t *testing.T, validators int, backends string, writeTimeout string, extraArgs ...string) *testNet {
	t.Helper()
	if strings.Contains(backends, "mysql") {
		requireMariaDB(t)
	}
	dir := t.TempDir()
	args := append([]string{"testnet", "--validators", fmt.Sprint(validators), "--backends", backends, "--out", dir}, extraArgs...)
	if out, err := blocksqlCLI(t, args...); err != nil {
		t.Fatalf("testnet: %v\n%s", err, out)
	}
	tn := &testNet{t: t}
	for i := 0; ; i++ {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		cfg, err := loadConfig(home)
		if err != nil {
			break
		}
		tn.configure(home, cfg, writeTimeout)
	}
	for i := range tn.homes {
		tn.start(i)
	}
	return tn
}

// configure records a home and arranges its cleanup.
func (tn *testNet) configure(home string, cfg Config, writeTimeout string) {
	if cfg.Database.Driver == "mysql" {
		prefix := cfg.Database.Prefix
		tn.t.Cleanup(func() { _ = mysql.DropPrefix(context.Background(), mariaDSN, prefix) })
	}
	if writeTimeout != "" {
		rewriteWriteTimeout(tn.t, home, writeTimeout)
	}
	var port int
	fmt.Sscanf(cfg.MySQL.Listen[strings.LastIndexByte(cfg.MySQL.Listen, ':')+1:], "%d", &port)
	tn.homes, tn.ports = append(tn.homes, home), append(tn.ports, port)
	tn.nodes = append(tn.nodes, nil)
}

func rewriteWriteTimeout(t *testing.T, home, d string) {
	path := filepath.Join(home, ConfigFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "write_timeout") {
			lines[i] = fmt.Sprintf("  write_timeout = %q", d)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (tn *testNet) start(i int) { tn.nodes[i] = start(tn.t, tn.homes[i], tn.ports[i]) }

func (tn *testNet) kill(i int) {
	tn.nodes[i].kill()
	tn.nodes[i] = nil
}

// pause and resume stop and continue a node's process (SIGSTOP/SIGCONT):
// its peers see it vanish without a closed connection, as in a partition.
func (tn *testNet) pause(i int) { tn.signal(i, syscall.SIGSTOP) }

func (tn *testNet) resume(i int) { tn.signal(i, syscall.SIGCONT) }

func (tn *testNet) signal(i int, s syscall.Signal) {
	if err := tn.nodes[i].cmd.Process.Signal(s); err != nil {
		tn.t.Fatal(err)
	}
	if s == syscall.SIGSTOP {
		tn.t.Cleanup(func() {
			if tn.nodes[i] != nil { // not stopped since
				tn.resume(i)
			}
		})
	}
}

func (tn *testNet) db(i int) *sql.DB { return tn.nodes[i].db(tn.t, "") }

// execRetrying runs a statement on node i, retrying while the network
// answers 1205 (it is still connecting its peers).
func (tn *testNet) execRetrying(i int, q string) {
	tn.t.Helper()
	db := tn.db(i)
	deadline := time.Now().Add(netDeadline)
	for {
		_, err := db.Exec(q)
		if err == nil {
			return
		}
		if code, _ := mysqlErr(err); code != 1205 || time.Now().After(deadline) {
			tn.t.Fatalf("node %d: %s: %v", i, q, err)
		}
	}
}

// appliedHeight is the last block node i has applied.
func (tn *testNet) appliedHeight(i int) (int64, error) {
	var h int64
	err := tn.db(i).QueryRow("SELECT @@blocksql_applied_height").Scan(&h)
	return h, err
}

// converge waits until every running node has applied the same height
// and stays there, then returns it.
func (tn *testNet) converge() int64 {
	tn.t.Helper()
	deadline := time.Now().Add(netDeadline)
	var last int64 = -1
	for time.Now().Before(deadline) {
		h, same := tn.commonHeight()
		if same && h == last {
			return h
		}
		if same {
			last = h
		}
		time.Sleep(500 * time.Millisecond)
	}
	tn.t.Fatalf("nodes did not converge within %s: applied heights %s", netDeadline, tn.heights())
	return 0
}

// heights describes every node's applied height, for failure messages.
func (tn *testNet) heights() string {
	var parts []string
	for i, n := range tn.nodes {
		if n == nil {
			continue
		}
		h, err := tn.appliedHeight(i)
		parts = append(parts, fmt.Sprintf("node%d=%d", i, h))
		if err != nil {
			parts = append(parts, fmt.Sprintf("(%v; log ends:\n%s)", err, lastLines(n.logText(), 5)))
		}
	}
	return strings.Join(parts, " ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func (tn *testNet) commonHeight() (int64, bool) {
	var first int64 = -1
	for i, n := range tn.nodes {
		if n == nil {
			continue
		}
		h, err := tn.appliedHeight(i)
		if err != nil {
			return 0, false
		}
		if first >= 0 && h != first {
			return 0, false
		}
		first = h
	}
	return first, true
}

// checkDigests compares `blocksql digest` of every running node.
func (tn *testNet) checkDigests() {
	tn.t.Helper()
	var want string
	for i, n := range tn.nodes {
		if n == nil {
			continue
		}
		d := cliJSON[struct {
			Height int64  `json:"height"`
			Hash   string `json:"hash"`
		}](tn.t, "digest", "--json", "--home", tn.homes[i])
		got := fmt.Sprintf("height %d digest %s", d.Height, d.Hash)
		if want == "" {
			want = got
		} else if got != want {
			tn.t.Errorf("node %d: %s; node 0: %s", i, got, want)
		}
	}
	tn.t.Logf("every node: %s", want)
}

// writers insert (client, seq) rows through the nodes listed, each client
// on one node, until stopped; they keep what was acknowledged and count
// errors by MySQL error number.
type writers struct {
	mu      sync.Mutex
	acked   []ack
	errs    map[uint16]int
	lastAck time.Time
	stopped chan struct{}
	wg      sync.WaitGroup
}

func startWriters(tn *testNet, clients int, nodes ...int) *writers {
	w := &writers{errs: map[uint16]int{}, stopped: make(chan struct{})}
	for c := 0; c < clients; c++ {
		db := tn.nodes[nodes[c%len(nodes)]].db(tn.t, "k")
		db.SetMaxOpenConns(1)
		w.wg.Add(1)
		go w.run(db, tn.clients+c)
	}
	tn.clients += clients
	return w
}

func (w *writers) run(db *sql.DB, c int) {
	defer w.wg.Done()
	for seq := 0; ; seq++ {
		select {
		case <-w.stopped:
			return
		default:
		}
		_, err := db.Exec("INSERT INTO w (client, seq) VALUES (?, ?)", c, seq)
		w.mu.Lock()
		if err == nil {
			w.acked = append(w.acked, ack{c, seq})
			w.lastAck = time.Now()
		} else {
			code, _ := mysqlErr(err)
			w.errs[code]++
		}
		w.mu.Unlock()
		if err != nil {
			time.Sleep(100 * time.Millisecond) // a node down: do not spin
		}
	}
}

func (w *writers) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

func (w *writers) stop() []ack {
	close(w.stopped)
	w.wg.Wait()
	return w.acked
}

// waitAcks waits until at least n more writes than now are acknowledged.
func (w *writers) waitAcks(t *testing.T, n int, what string) {
	t.Helper()
	want := w.count() + n
	deadline := time.Now().Add(netDeadline)
	for w.count() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d writes acknowledged, wanted %d; errors %v", what, w.count(), want, w.errs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func createWriteTable(tn *testNet) {
	tn.execRetrying(0, "CREATE DATABASE k")
	tn.execRetrying(0, "CREATE TABLE k.w (id INT AUTO_INCREMENT PRIMARY KEY, client INT, seq INT)")
	tn.converge() // writers on other nodes connect to database k
}

// finish stops the writers, waits for the nodes to agree and checks that
// every acknowledged write is on every node exactly once, with equal digests.
func (tn *testNet) finish(w *writers) int64 {
	tn.t.Helper()
	acked := w.stop()
	h := tn.converge()
	tn.t.Logf("converged at height %d; %d writes acknowledged; errors by code %v", h, len(acked), w.errs)
	for _, n := range tn.nodes {
		if n != nil {
			checkExactlyOnce(tn.t, n, acked)
		}
	}
	tn.checkDigests()
	return h
}

// TestNetworkKillValidator: on four validators under writes from several
// clients, one validator is killed; writes through the other three keep
// being acknowledged; restarted, it catches up to the same state.
// TestNetworkKillValidator: on four validators under writes from several
// clients (through three validators and a full node), one validator is
// killed; writes through the others keep being acknowledged; restarted,
// it catches up to the same state, and a client reads its write there
// after carrying the height over.
//
// The full node keeps its data in MariaDB when a server is reachable, so
// the audit commands are checked on both backends.
func TestNetworkKillValidator(t *testing.T) { killValidator(t, sqliteWithMariaDBFullNode()) }

// TestNetworkMixedBackends is the same on two SQLite and two MariaDB
// validators: they must reach the same AppHash at every block, or one
// halts and the test fails naming the block.
func TestNetworkMixedBackends(t *testing.T) {
	requireLong(t)
	killValidator(t, mixedBackends())
}

func killValidator(t *testing.T, backends string) {
	tn := newTestNet(t, 4, backends, "", "--full-nodes", "1")
	createWriteTable(tn)
	w := startWriters(tn, 8, 0, 1, 2, 4)
	w.waitAcks(t, 30, "before the kill")
	tn.kill(3)
	w.waitAcks(t, 60, "with one validator killed")
	tn.start(3)
	tn.readYourWrites(1, 3)
	w.waitAcks(t, 30, "after the restart")
	h := tn.finish(w)
	for i := range tn.nodes {
		tn.checkAudit(i, h)
	}
}

// readYourWrites writes on node `from`, carries the session's height over
// to node `to` and reads the row there, while other clients write.
func (tn *testNet) readYourWrites(from, to int) {
	tn.t.Helper()
	ctx := context.Background()
	w, err := tn.db(from).Conn(ctx)
	if err != nil {
		tn.t.Fatal(err)
	}
	defer w.Close()
	var h int64
	if _, err := w.ExecContext(ctx, "INSERT INTO k.w (client, seq) VALUES (-1, 1)"); err != nil {
		tn.t.Fatal(err)
	}
	if err := w.QueryRowContext(ctx, "SELECT @@blocksql_height").Scan(&h); err != nil || h <= 0 {
		tn.t.Fatalf("@@blocksql_height after a write: %d, %v", h, err)
	}
	r, err := tn.db(to).Conn(ctx)
	if err != nil {
		tn.t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.ExecContext(ctx, fmt.Sprintf("SET @@blocksql_wait_height = %d", h)); err != nil {
		tn.t.Fatal(err)
	}
	// A node still catching up answers 1205 after the write timeout: retry,
	// as a client would.
	deadline := time.Now().Add(netDeadline)
	for {
		var n int
		err := r.QueryRowContext(ctx, "SELECT COUNT(*) FROM k.w WHERE client = -1").Scan(&n)
		if code, _ := mysqlErr(err); code == 1205 && time.Now().Before(deadline) {
			continue
		}
		if err != nil || n != 1 {
			tn.t.Errorf("node %d after waiting for height %d: %d rows of node %d's write (%v)", to, h, n, from, err)
		}
		return
	}
}

// sqliteWithMariaDBFullNode is four SQLite validators and a MariaDB full
// node, or SQLite alone on a machine without MariaDB.
func sqliteWithMariaDBFullNode() string {
	if !mariaDBReachable() {
		return "sqlite"
	}
	return "sqlite,sqlite,sqlite,sqlite,mysql"
}

// mixedBackends is sqlite,sqlite,mysql,mysql for the validators and
// sqlite for a full node, or SQLite alone on a machine without MariaDB.
func mixedBackends() string {
	if !mariaDBReachable() {
		return "sqlite"
	}
	return "sqlite,sqlite,mysql,mysql,sqlite"
}

// mariaDBReachable: a MariaDB server answers, or BLOCKSQL_REQUIRE_BACKENDS
// demands one (the test then fails if it does not answer).
func mariaDBReachable() bool {
	db, _ := sql.Open("mysql", mariaDSN)
	defer db.Close()
	return db.Ping() == nil || os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1"
}

// checkAudit stops node i and checks that verify, replay and a proof
// built from its chain work, the proof verifying with node 0's genesis
// (the genesis every node shares) and showing that more than 2/3 of the
// four validators' power signed the block.
func (tn *testNet) checkAudit(i int, height int64) {
	tn.t.Helper()
	tn.nodes[i].stop()
	tn.nodes[i] = nil
	home := tn.homes[i]
	if out, err := blocksqlCLI(tn.t, "verify", "--home", home); err != nil {
		tn.t.Errorf("verify node %d: %v\n%s", i, err, out)
	}
	replayed := filepath.Join(tn.t.TempDir(), "replayed.db")
	if out, err := blocksqlCLI(tn.t, "replay", "--home", home, "--to-height", fmt.Sprint(height), "--output", "sqlite:"+replayed); err != nil {
		tn.t.Errorf("replay node %d: %v\n%s", i, err, out)
	}
	stmts := cliJSON[[]struct {
		TxHash string `json:"tx_hash"`
	}](tn.t, "log", "--json", "--home", home)
	proof := filepath.Join(tn.t.TempDir(), "tx.proof.json")
	if out, err := blocksqlCLI(tn.t, "prove", stmts[len(stmts)-1].TxHash, "--out", proof, "--home", home); err != nil {
		tn.t.Fatalf("prove: %v\n%s", err, out)
	}
	out, err := blocksqlCLI(tn.t, "verify-proof", proof, "--genesis", filepath.Join(tn.homes[0], "config", "genesis.json"))
	var signers, signed int
	_, verdict, _ := strings.Cut(out, "signed by ")
	_, scanErr := fmt.Sscanf(verdict, "%d of 4 validators holding %d of 40 voting power", &signers, &signed)
	if err != nil || scanErr != nil || 3*signed <= 2*40 {
		tn.t.Errorf("verify-proof of node %d's proof with the shared genesis: %v\n%s", i, err, out)
	}
	cfg, _ := loadConfig(home)
	tn.t.Logf("node %d (%s): verify, replay to %d and prove passed; proof signed by %d of 4 validators, %d of 40 voting power",
		i, cfg.Database.Driver, height, signers, signed)
}

// TestNetworkQuorumLoss: with two of four validators stopped no write is
// acknowledged; clients get 1205 within the write timeout; once they
// resume, writes flow again and nothing was lost or applied twice.
// Then a partition (the other pair stopped, clients on every node) heals
// without a fork.
func TestNetworkQuorumLoss(t *testing.T) {
	requireLong(t)
	tn := newTestNet(t, 4, "sqlite", "3s")
	createWriteTable(tn)
	w := startWriters(tn, 6, 0, 1)
	w.waitAcks(t, 20, "before the stop")
	tn.pause(2)
	tn.pause(3)
	w.waitErrors(t, 1205, 6)
	before := w.count()
	w.waitErrors(t, 1205, 6)
	if after := w.count(); after != before {
		t.Errorf("%d writes acknowledged while only half of the voting power was running", after-before)
	}
	tn.resume(2)
	tn.resume(3)
	w.waitAcks(t, 20, "after the validators resumed")
	tn.finish(w)

	w = startWriters(tn, 8, 0, 1, 2, 3)
	w.waitAcks(t, 20, "before the partition")
	tn.pause(0)
	tn.pause(1)
	w.waitErrors(t, 1205, 4)
	tn.resume(0)
	tn.resume(1)
	w.waitAcks(t, 20, "after the partition healed")
	tn.finish(w)
}

// waitErrors waits until n more writes failed with the given code.
func (w *writers) waitErrors(t *testing.T, code uint16, n int) {
	t.Helper()
	w.mu.Lock()
	want := w.errs[code] + n
	w.mu.Unlock()
	deadline := time.Now().Add(netDeadline)
	for {
		w.mu.Lock()
		got, errs := w.errs[code], fmt.Sprint(w.errs)
		w.mu.Unlock()
		if got >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d errors %d; errors by code %s", n, code, errs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestNetworkEditedDatabase: a validator's SQLite file edited while it was
// down is caught by `blocksql verify`, and the node halts at the first
// block whose outcome the edit changes, naming it, while the others go on;
// stopped, it exits non-zero.
func TestNetworkEditedDatabase(t *testing.T) {
	requireLong(t)
	tn := newTestNet(t, 4, "sqlite", "")
	createWriteTable(tn)
	for i := 0; i < 5; i++ {
		tn.execRetrying(i%4, fmt.Sprintf("INSERT INTO k.w (client, seq) VALUES (0, %d)", i))
	}
	tn.converge()
	tn.nodes[3].stop()
	tn.nodes[3] = nil
	editSQLite(t, filepath.Join(tn.homes[3], "data", "blocksql.db"), `UPDATE "k.w" SET seq = 777 WHERE id = 1`)
	out, err := blocksqlCLI(t, "verify", "--home", tn.homes[3])
	if err == nil || !strings.Contains(out, "id=1") {
		t.Errorf("verify of the edited database: %v\n%s", err, out)
	}
	edited := start(t, tn.homes[3], tn.ports[3])
	// 1 row on the edited node, 0 on the others: the outcomes differ.
	tn.execRetrying(0, "DELETE FROM k.w WHERE seq = 777")
	tn.execRetrying(1, "INSERT INTO k.w (client, seq) VALUES (1, 1)")
	cfg, err := loadConfig(tn.homes[3])
	if err != nil {
		t.Fatal(err)
	}
	waitReadyz(t, "http://"+cfg.Metrics.Listen, http.StatusServiceUnavailable, "halted")
	edited.stop()
	if c := edited.cmd.ProcessState.ExitCode(); c == 0 {
		t.Error("the halted node exited 0")
	}
	log := edited.logText()
	if i := strings.Index(log, "NODE HALTED"); i < 0 || !strings.Contains(log[i:], "differs from what at least 2/3") {
		t.Errorf("the edited node's log does not report the divergence:\n%s", log)
	} else {
		t.Log(strings.SplitN(log[i:], "\n", 2)[0])
	}
	tn.converge()
	tn.checkDigests()
}

func editSQLite(t *testing.T, path, q string) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// TestNetworkByzantineSubmitter: transactions a node did not sign through
// its proxy, sent straight to a validator's CometBFT RPC, are refused when
// the signer is not in genesis authorized_nodes or the signature is
// forged, and never reach any node's database.
func TestNetworkByzantineSubmitter(t *testing.T) {
	requireLong(t)
	tn := newTestNet(t, 4, "sqlite", "", "--rpc")
	createWriteTable(tn)
	c, err := consensus.LoadConfig(tn.homes[1])
	if err != nil {
		t.Fatal(err)
	}
	rpc := "http://" + strings.TrimPrefix(c.RPC.ListenAddress, "tcp://")
	_, outsider, _ := ed25519.GenerateKey(nil)
	unauthorized := forgedInsert(t)
	unauthorized.Sign(outsider)
	if code := broadcastTx(t, rpc, unauthorized.Marshal()); code != consensus.CodeUnauthorized {
		t.Errorf("tx signed by a key outside authorized_nodes: code %d, want %d", code, consensus.CodeUnauthorized)
	}
	forged := forgedInsert(t)
	forged.Sign(outsider)
	forged.Node = authorizedKey(t, tn.homes[0]) // claims an authorized node, signature from another key
	if code := broadcastTx(t, rpc, forged.Marshal()); code != consensus.CodeBadSignature {
		t.Errorf("tx with a forged signature: code %d, want %d", code, consensus.CodeBadSignature)
	}
	tn.execRetrying(2, "INSERT INTO k.w (client, seq) VALUES (1, 1)")
	tn.converge()
	for i := range tn.nodes {
		var n int
		if err := tn.db(i).QueryRow("SELECT COUNT(*) FROM k.w WHERE client = 666").Scan(&n); err != nil || n != 0 {
			t.Errorf("node %d: %d rows from refused transactions (%v)", i, n, err)
		}
	}
	tn.checkDigests()
}

func forgedInsert(t *testing.T) *consensus.Tx {
	sql := "INSERT INTO w (client, seq) VALUES (666, 1)"
	return &consensus.Tx{Database: "k", User: "root", Nonce: uint64(time.Now().UnixNano()),
		Statements: []consensus.Statement{{SQL: sql, Canonical: sql}}}
}

// authorizedKey is the node key of a home, which genesis authorizes.
func authorizedKey(t *testing.T, home string) []byte {
	c, err := consensus.LoadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	nk, err := p2p.LoadNodeKey(c.NodeKeyFile())
	if err != nil {
		t.Fatal(err)
	}
	return nk.PubKey().Bytes()
}

// broadcastTx sends tx to a CometBFT RPC and returns CheckTx's code,
// which CometBFT reports as an RPC error for a refused transaction.
func broadcastTx(t *testing.T, rpc string, tx []byte) uint32 {
	resp, err := http.Get(rpc + "/broadcast_tx_sync?tx=0x" + hex.EncodeToString(tx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Result struct {
			Code uint32 `json:"code"`
			Log  string `json:"log"`
		} `json:"result"`
		Error *struct {
			Data string `json:"data"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.Error != nil {
		var code uint32
		if _, err := fmt.Sscanf(r.Error.Data[strings.Index(r.Error.Data, "code=")+len("code="):], "%d", &code); err != nil {
			t.Fatalf("broadcast_tx_sync: %s", r.Error.Data)
		}
		t.Logf("refused: %s", r.Error.Data)
		return code
	}
	t.Logf("CheckTx code %d: %s", r.Result.Code, r.Result.Log)
	return r.Result.Code
}
