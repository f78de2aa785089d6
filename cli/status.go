package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newStatusCmd) }

// statusReport is what `blocksql status` prints and a node serves at /status.
type statusReport struct {
	Running bool `json:"running"`
	consensus.NodeStatus
	AppliedHeight int64  `json:"applied_height"`
	DatabaseBytes int64  `json:"database_bytes,omitempty"` // SQLite file and WAL; not known for MySQL
	Version       string `json:"version"`
}

func newStatusCmd() *cobra.Command {
	var home string
	var asJSON bool
	c := &cobra.Command{
		Use:   "status",
		Short: "show a node's height, peers, validators, last block time, health and database size",
		Long: "status asks the running node (at its [metrics] listen address) and otherwise reads the\n" +
			"home's block store and database directly; peers and mempool are known only while it runs.",
		Example: "  blocksql status --home ./node\n  blocksql status --home ./node --json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := readStatus(cmd.Context(), home)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(os.Stdout, rep)
			}
			printStatus(os.Stdout, rep)
			return nil
		},
	}
	c.Flags().StringVar(&home, "home", defaultHome(), "node home directory")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// readStatus asks the running node, or reads a stopped one's files.
func readStatus(ctx context.Context, home string) (statusReport, error) {
	cfg, err := loadConfig(home)
	if err != nil {
		return statusReport{}, err
	}
	if rep, err := fetchStatus(ctx, cfg.Metrics.Listen); err == nil {
		return rep, nil
	}
	return offlineStatus(ctx, home, cfg)
}

func fetchStatus(ctx context.Context, listen string) (statusReport, error) {
	if listen == "" {
		return statusReport{}, fmt.Errorf("no metrics listen address")
	}
	return getNodeJSON[statusReport](ctx, listen, "/status", 3*time.Second)
}

// getNodeJSON asks the running node for path at its metrics listen
// address and decodes its JSON answer.
func getNodeJSON[T any](ctx context.Context, listen, path string, timeout time.Duration) (T, error) {
	var v T
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+listen+path, nil)
	if err != nil {
		return v, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return v, fmt.Errorf("GET %s: %s: %s", path, resp.Status, strings.TrimSpace(string(b)))
	}
	return v, json.NewDecoder(resp.Body).Decode(&v)
}

// offlineStatus reads the block store and the local database; both may be
// read while a node runs.
func offlineStatus(ctx context.Context, home string, cfg Config) (statusReport, error) {
	rep := statusReport{Version: versionString(), DatabaseBytes: databaseBytes(home, cfg.Database)}
	if unlock, err := lockHome(home); err == nil {
		unlock()
	} else {
		rep.Running = true
	}
	if _, err := os.Stat(filepath.Join(home, "data", "blockstore.db", "CURRENT")); os.IsNotExist(err) {
		return rep, nil // initialized, never started
	}
	bs, err := consensus.OpenBlockStore(home)
	if err != nil {
		return rep, err
	}
	defer bs.Close()
	rep.NodeStatus = bs.StatusOffline()
	drv, err := openLog(home)
	if err != nil {
		return rep, err
	}
	defer drv.Close()
	rep.AppliedHeight, err = audit.AppliedHeight(ctx, drv)
	return rep, err
}

// liveStatus is the status a running node serves.
func liveStatus(home string, cfg Config, engine liveEngine, node *consensus.Node) statusReport {
	return statusReport{Running: true, NodeStatus: node.Status(), AppliedHeight: engine.Height(),
		DatabaseBytes: databaseBytes(home, cfg.Database), Version: versionString()}
}

// databaseBytes is the size of a SQLite database with its WAL; 0 for MySQL.
func databaseBytes(home string, c DatabaseConfig) int64 {
	if c.Driver != "" && c.Driver != "sqlite" {
		return 0
	}
	path := c.DSN
	if path == "" {
		path = "data/blocksql.db"
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(home, path)
	}
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

func printStatus(w io.Writer, r statusReport) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "running\t%s\n", yesNo(r.Running))
	fmt.Fprintf(tw, "height\t%d (applied locally: %d)\n", r.Height, r.AppliedHeight)
	if !r.LastBlockTime.IsZero() {
		fmt.Fprintf(tw, "last block\t%s (%s ago)\n", r.LastBlockTime.UTC().Format(time.RFC3339),
			time.Since(r.LastBlockTime).Round(time.Second))
	}
	fmt.Fprintf(tw, "validators\t%d\n", r.Validators)
	if r.Running {
		fmt.Fprintf(tw, "peers\t%d\ncatching up\t%s\nmempool\t%d transactions\n", r.Peers, yesNo(r.CatchingUp), r.MempoolTxs)
	}
	fmt.Fprintf(tw, "halted\t%s\n", yesNo(r.Halted))
	if r.HaltError != "" {
		fmt.Fprintf(tw, "halt error\t%s\n", r.HaltError)
	}
	if r.DatabaseBytes > 0 {
		fmt.Fprintf(tw, "database\t%.1f MiB\n", float64(r.DatabaseBytes)/(1<<20))
	}
	fmt.Fprintf(tw, "version\t%s\n", r.Version)
	_ = tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
