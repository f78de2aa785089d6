package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
)

// TestGenesisAssembly follows the README's Cluster steps for machines
// that each ran `blocksql init`: node B's keys are added to A's genesis,
// that genesis is copied to B, B points at A; a write through B is then
// read back on A (with two validators of equal power, both must sign).
func TestGenesisAssembly(t *testing.T) {
	homeA, portA := newHome(t, "sqlite", "")
	showA, err := blocksqlCLI(t, "genesis", "show", "--home", homeA)
	if err != nil {
		t.Fatalf("genesis show: %v\n%s", err, showA)
	}
	peerA := regexp.MustCompile(`peer address +(\S+)`).FindStringSubmatch(showA)
	if peerA == nil {
		t.Fatalf("no peer address in:\n%s", showA)
	}
	homeB, portB := t.TempDir(), freePort(t)
	if out, err := blocksqlCLI(t, "init", "--home", homeB, "--mysql-listen", fmt.Sprintf("127.0.0.1:%d", portB),
		"--p2p", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)), "--peers", peerA[1]); err != nil {
		t.Fatalf("init B: %v\n%s", err, out)
	}
	showB, _ := blocksqlCLI(t, "genesis", "show", "--home", homeB)
	keys := regexp.MustCompile(`(?m)^(validator|node) key +([0-9a-f]{64})$`).FindAllStringSubmatch(showB, -1)
	if len(keys) != 2 {
		t.Fatalf("keys in:\n%s", showB)
	}
	for _, args := range [][]string{
		{"genesis", "add-validator", "--home", homeA, "--key", keys[0][2], "--name", "b"},
		{"genesis", "add-node", "--home", homeA, "--key", keys[1][2]},
	} {
		if out, err := blocksqlCLI(t, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	if out, err := blocksqlCLI(t, "genesis", "add-node", "--home", homeA, "--key", keys[1][2]); err == nil {
		t.Errorf("adding the same node twice succeeded:\n%s", out)
	}
	genesis, err := os.ReadFile(filepath.Join(homeA, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(homeB, "config", "genesis.json"), genesis, 0o600); err != nil {
		t.Fatal(err)
	}
	a, b := start(t, homeA, portA), start(t, homeB, portB)
	tn := &testNet{t: t, homes: []string{homeA, homeB}, ports: []int{portA, portB}, nodes: []*testNode{a, b}}
	tn.execRetrying(1, "CREATE DATABASE g")
	tn.execRetrying(1, "CREATE TABLE g.t (id INT PRIMARY KEY)")
	tn.execRetrying(1, "INSERT INTO g.t VALUES (1)")
	tn.converge()
	var n int
	if err := tn.db(0).QueryRow("SELECT COUNT(*) FROM g.t").Scan(&n); err != nil || n != 1 {
		t.Errorf("node A reads %d rows (%v) of B's write", n, err)
	}
	// A key not yet authorized: only the started chain refuses it.
	if out, err := blocksqlCLI(t, "genesis", "add-node", "--home", homeA, "--key", keys[0][2]); err == nil {
		t.Errorf("the genesis of a started chain changed:\n%s", out)
	}
}

// TestTestnetPortsPerNode: every node of a testnet listens on its own
// MySQL, P2P and metrics ports, so all of them can run on one machine
// with their metrics and health endpoints.
func TestTestnetPortsPerNode(t *testing.T) {
	dir := t.TempDir()
	if err := execute(context.Background(), []string{"testnet", "--validators", "3", "--full-nodes", "1", "--out", dir}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for i := range 4 {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		cfg, err := loadConfig(home)
		if err != nil {
			t.Fatal(err)
		}
		c, err := consensus.LoadConfig(home)
		if err != nil {
			t.Fatal(err)
		}
		for what, addr := range map[string]string{"mysql": cfg.MySQL.Listen, "metrics": cfg.Metrics.Listen, "p2p": c.P2P.ListenAddress} {
			addr = strings.TrimPrefix(addr, "tcp://")
			if other, ok := seen[addr]; ok {
				t.Errorf("node%d %s listens on %s, as %s does", i, what, addr, other)
			}
			seen[addr] = fmt.Sprintf("node%d %s", i, what)
		}
	}
}
