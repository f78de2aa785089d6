package cli

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadyzCatchingUpAndHalted runs a validator and a full node. The full
// node, restarted while its only peer is down, is not ready: it is catching
// up. Its SQLite file was edited behind its back while it was stopped, so
// the first block whose outcome the edit changes halts it: /readyz answers
// 503 naming the divergence, /healthz stays 200, `blocksql status` says
// halted, the MySQL port is closed, and the node exits non-zero when stopped.
func TestReadyzCatchingUpAndHalted(t *testing.T) {
	tn := newTestNet(t, 1, "sqlite", "", "--full-nodes", "1")
	createWriteTable(tn)
	tn.execRetrying(0, "INSERT INTO k.w (client, seq) VALUES (0, 1)")
	tn.converge()
	cfg, err := loadConfig(tn.homes[1])
	if err != nil {
		t.Fatal(err)
	}
	full := "http://" + cfg.Metrics.Listen
	waitReadyz(t, full, http.StatusOK, "ready")

	tn.nodes[0].stop()
	tn.nodes[0] = nil
	tn.nodes[1].stop()
	editSQLite(t, filepath.Join(tn.homes[1], "data", "blocksql.db"), `UPDATE "k.w" SET seq = 777 WHERE id = 1`)
	tn.start(1)
	waitReadyz(t, full, http.StatusServiceUnavailable, "catching up")
	checkHealthz(t, full)
	tn.start(0)
	waitReadyz(t, full, http.StatusOK, "ready")

	// 1 row on the full node, 0 on the validator: the outcomes differ, and
	// the next block's AppHash tells the full node.
	tn.execRetrying(0, "DELETE FROM k.w WHERE seq = 777")
	tn.execRetrying(0, "INSERT INTO k.w (client, seq) VALUES (1, 1)")
	body := waitReadyz(t, full, http.StatusServiceUnavailable, "halted")
	if !strings.Contains(body, "differs from what") {
		t.Errorf("/readyz of the halted node does not name the divergence: %q", body)
	}
	checkHealthz(t, full)
	out, stderr, code := runCLI(t, "status", "--home", tn.homes[1], "--json")
	var rep statusReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || !rep.Running || !rep.Halted ||
		!strings.Contains(rep.HaltError, "differs from what") {
		t.Errorf("status of the halted node: exit %d %+v\n%s", code, rep, stderr)
	}
	if err := tn.nodes[1].db(t, "").Ping(); err == nil {
		t.Error("the halted node still accepts MySQL clients")
	}
	tn.nodes[1].stop()
	if c := tn.nodes[1].cmd.ProcessState.ExitCode(); c == 0 {
		t.Error("the halted node exited 0 when stopped")
	}
}

// waitReadyz polls /readyz until it answers code with a body starting
// with prefix, and returns the body.
func waitReadyz(t *testing.T, base string, code int, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(netDeadline)
	for {
		got, body := httpGet(t, base+"/readyz")
		if got == code && strings.HasPrefix(body, prefix) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %q; want %d %q...", got, body, code, prefix)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func checkHealthz(t *testing.T, base string) {
	t.Helper()
	if code, body := httpGet(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
}
