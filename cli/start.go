package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/proxy"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/replay"
)

func init() { register(newStartCmd) }

func newStartCmd() *cobra.Command {
	var home, listen, level string
	c := &cobra.Command{
		Use:   "start",
		Short: "start a node: consensus, apply engine and the MySQL frontend",
		Long: "start runs the node of a home made by init until interrupted (Ctrl-C or SIGTERM).\n" +
			"Settings come from HOME/blocksql.toml; CometBFT's are in HOME/config/config.toml.",
		Example: "  blocksql start --home ./node\n  blocksql start --home ./node --mysql-listen 127.0.0.1:3308 --log-level debug",
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := newLogger(level)
			if err != nil {
				return err
			}
			cfg, err := loadConfig(home)
			if err != nil {
				return err
			}
			if listen != "" {
				cfg.MySQL.Listen = listen
			}
			return startNode(cmd.Context(), home, cfg, log)
		},
	}
	f := c.Flags()
	f.StringVar(&home, "home", defaultHome(), "node home directory")
	f.StringVar(&listen, "mysql-listen", "", "override the MySQL listen address from blocksql.toml")
	f.StringVar(&level, "log-level", "info", "debug, info, warn or error")
	return c
}

func startNode(ctx context.Context, home string, cfg Config, log *slog.Logger) error {
	if _, err := mysqlfront.RaiseFileLimit(); err != nil {
		log.Warn("cannot raise the open-file limit", "err", err.Error())
	}
	unlock, err := lockHome(home)
	if err != nil {
		return err
	}
	stopProfile, err := profileFromEnv()
	if err != nil {
		return err
	}
	defer stopProfile()
	defer unlock()
	if err := checkDialect(home, cfg); err != nil {
		return err
	}
	if err := hashConfigPasswords(home, &cfg, log); err != nil {
		return err
	}
	if cfg.Dialect == "postgres" {
		return startPostgresNode(ctx, home, cfg, log)
	}
	genesis, err := consensus.ReadAppState(home)
	if err != nil {
		return err
	}
	members, err := consensus.ReadMembership(home)
	if err != nil {
		return err
	}
	engine, err := openEngine(ctx, home, cfg.Database, log, replay.WithRowHistory(cfg.Audit.RowHistory),
		replay.WithGenesisAccounts(genesis.Accounts), replay.WithGenesisMembership(members))
	if err != nil {
		return err
	}
	defer engine.Close()
	defer startSnapshots(ctx, home, cfg.Snapshots, engine, log)()
	app := consensus.NewApp(engine, log)
	node, err := consensus.NewNode(home, app, log, cometMetrics()...)
	if err != nil {
		return err
	}
	node.SetWriteTimeout(cfg.Network.WriteTimeout.Duration)
	metrics := newNodeMetrics(home, engine, node, log)
	defer metrics.hook(app)()
	if err := node.Start(ctx); err != nil {
		return fmt.Errorf("start consensus: %w", err)
	}
	defer node.Stop()
	ln, err := net.Listen("tcp", cfg.MySQL.Listen)
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v", cfg.MySQL.Listen, err),
			Hint: "blocksql start --mysql-listen 127.0.0.1:3308"}
	}
	if err := ensureKeys(home, cfg); err != nil {
		return err
	}
	fcfg := cfg.frontend(home)
	fcfg.Accounts, fcfg.Results, fcfg.Prepared = engine, cfg.Limits.budget(), cfg.Limits.prepared()
	srv, err := mysqlfront.New(fcfg, func(c proxy.Client) *proxy.Session {
		return proxy.NewSession(node, engine, c)
	}, log)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	frontend, stopFrontend := context.WithCancel(ctx)
	defer stopFrontend()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(frontend, ln) }()
	serveMetrics(ctx, cfg.Metrics.Listen, metrics, func() statusReport { return liveStatus(home, cfg, engine, node) }, node, log)
	log.Info("node started", "height", engine.Height(), "node", node.ID(), "database", cfg.Database.Driver)
	fmt.Printf("blocksql is ready. Connect with:\n  %s\n", connectCommand(ln.Addr().String()))
	return waitStop(ctx, app, stopFrontend, served, log)
}

// cometMetricsOn is set once CometBFT's metrics are registered: they can
// be registered once per process, so a second node started in the same
// process (tests, benchmarks) runs without them.
var cometMetricsOn atomic.Bool

func cometMetrics() []consensus.NodeOption {
	if cometMetricsOn.CompareAndSwap(false, true) {
		return []consensus.NodeOption{consensus.WithPrometheus()}
	}
	return nil
}

// waitStop runs the node until ctx ends (Ctrl-C, SIGTERM) or the frontend
// stops. A halted node closes its frontend and every client connection, so
// nobody reads data the chain may disagree with, but stays up so that
// /healthz, /readyz (503 with the reason) and /status tell the operator
// why; once stopped it exits non-zero.
func waitStop(ctx context.Context, app *consensus.App, stopFrontend func(), served <-chan error, log *slog.Logger) error {
	select {
	case <-ctx.Done():
		log.Info("stopping")
		return nil
	case err := <-served:
		if err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("frontend: %w", err)
		}
		return nil
	case <-app.Halted():
	}
	stopFrontend()
	<-served
	log.Error("frontend closed: the node halted and stays up only to report why (/readyz, /status) until stopped",
		"err", app.Err().Error())
	<-ctx.Done()
	return fmt.Errorf("node halted: %w", app.Err())
}

func connectCommand(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	return fmt.Sprintf("mariadb -h %s -P %s -u root", host, port)
}

// newLogger is a text logger at level (debug, info, warn or error).
func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("--log-level %q is not a level", level),
			Hint: "--log-level debug, info, warn or error"}
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}
