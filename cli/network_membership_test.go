package cli

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// TestNetworkChangeValidators: four SQLite validators and a full node (on
// MariaDB when a server is reachable) under writes. The full node becomes a
// validator by a change proposed on
// node 0 and signed on nodes 1 and 2 (30 of 40 voting power); the same
// change with two signatures is refused. Then node 0 is removed by a change
// the new set signs (four of five), node 0 is killed and node 1 paused:
// writes go on, decided by nodes 2, 3 and the former full node, which
// needs its vote. Every acknowledged write ends on every node exactly
// once, and verify, replay, prove and verify-proof (from the genesis,
// following both changes) pass on every node.
func TestNetworkChangeValidators(t *testing.T) {
	tn := newTestNet(t, 4, sqliteWithMariaDBFullNode(), "", "--full-nodes", "1")
	createWriteTable(tn)
	w := startWriters(tn, 8, 1, 2, 3, 4)
	w.waitAcks(t, 20, "before the change")

	key := func(i int) string {
		id, err := consensus.ReadIdentity(tn.homes[i])
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(id.ValidatorKey)
	}
	change := tn.validatorCLI(0, "propose", "--set", key(4)+"=10")
	change = tn.validatorCLI(1, "sign", change)
	tn.refusedChange(0, change, "more than 2/3 must sign")
	if out := tn.validatorCLI(2, "sign", change); !strings.HasPrefix(out, "membership changed in block") {
		t.Fatalf("third signature did not submit the change: %q", out)
	}
	tn.checkValidators(3, map[string]int64{key(0): 10, key(1): 10, key(2): 10, key(3): 10, key(4): 10})
	tn.checkChangeLogged(3, "/* membership change */ validator "+strings.ToUpper(key(4))+" power 10")
	w.waitAcks(t, 20, "after node 4 became a validator")

	change = tn.validatorCLI(1, "propose", "--set", key(0)+"=0")
	for _, i := range []int{2, 3} {
		change = tn.validatorCLI(i, "sign", change)
	}
	tn.validatorCLI(4, "sign", change)
	tn.checkValidators(2, map[string]int64{key(1): 10, key(2): 10, key(3): 10, key(4): 10})

	tn.kill(0)
	tn.pause(1)
	w.waitAcks(t, 30, "node 0 removed and killed, node 1 paused: nodes 2, 3 and 4 decide")
	tn.resume(1)
	h := tn.finish(w)
	for i := 1; i < len(tn.nodes); i++ {
		tn.checkAudit(i, h)
	}
}

// validatorCLI runs `blocksql validator SUB --home node i ARGS...` and
// returns, for an unfinished change, the change to pass on (the last field
// of the printed sign command), else what it printed.
func (tn *testNet) validatorCLI(i int, sub string, args ...string) string {
	tn.t.Helper()
	out, err := blocksqlCLI(tn.t, append([]string{"validator", sub, "--home", tn.homes[i]}, args...)...)
	if err != nil {
		tn.t.Fatalf("validator %s on node %d: %v\n%s", sub, i, err, out)
	}
	out = strings.TrimSpace(out)
	if strings.HasPrefix(out, "blocksql validator sign") {
		f := strings.Fields(out)
		return f[len(f)-1]
	}
	return out
}

// refusedChange posts an encoded change to node i's /membership and
// expects it refused with a message containing want.
func (tn *testNet) refusedChange(i int, change, want string) {
	tn.t.Helper()
	raw, err := hex.DecodeString(change)
	if err != nil {
		tn.t.Fatal(err)
	}
	cfg, _ := loadConfig(tn.homes[i])
	resp, err := http.Post("http://"+cfg.Metrics.Listen+"/membership", "application/octet-stream", bytes.NewReader(raw))
	if err != nil {
		tn.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body.String(), want) {
		tn.t.Fatalf("a change signed by too little voting power: %s %s, want 409 saying %q", resp.Status, body.String(), want)
	}
}

// checkValidators waits until node i's chain has exactly the validators
// want (consensus key → power), then until consensus votes with them: a
// change applied in block H decides from block H+2 on, and a validator
// stopped before that can stall the chain for good (the old set lacks
// two thirds without it).
func (tn *testNet) checkValidators(i int, want map[string]int64) {
	tn.t.Helper()
	deadline := time.Now().Add(netDeadline)
	for {
		v := cliJSON[membershipView](tn.t, "validator", "list", "--json", "--home", tn.homes[i])
		got := map[string]int64{}
		for _, val := range v.Validators {
			got[val.Key] = val.Power
		}
		if fmt.Sprint(got) == fmt.Sprint(want) {
			tn.waitHeight(i, v.Height+2, deadline)
			return
		}
		if time.Now().After(deadline) {
			tn.t.Fatalf("node %d validators %v, want %v", i, got, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitHeight waits until node i has applied height h.
func (tn *testNet) waitHeight(i int, h int64, deadline time.Time) {
	tn.t.Helper()
	for {
		got, err := tn.appliedHeight(i)
		if err == nil && got >= h {
			return
		}
		if time.Now().After(deadline) {
			tn.t.Fatalf("node %d at height %d (%v), want %d", i, got, err, h)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkChangeLogged checks that node i's operation log lists the change
// as an applied statement.
func (tn *testNet) checkChangeLogged(i int, want string) {
	tn.t.Helper()
	stmts := cliJSON[[]struct {
		SQL     string `json:"sql"`
		Outcome string `json:"outcome"`
	}](tn.t, "log", "--json", "--home", tn.homes[i])
	for _, s := range stmts {
		if s.SQL == want && s.Outcome == "ok" {
			return
		}
	}
	tn.t.Fatalf("node %d's operation log does not list %q as applied", i, want)
}
