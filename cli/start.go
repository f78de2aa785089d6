package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/proxy"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/replay"
)

type startCmd struct{}

func init() { register("start", startCmd{}) }

func (startCmd) Summary() string {
	return "start a node: consensus, apply engine and the MySQL frontend"
}

func (startCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("start", flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "node home directory")
	listen := fs.String("mysql-listen", "", "override the MySQL listen address from blocksql.toml")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error(), Hint: "blocksql start -h"}
	}
	log := newLogger(*level)
	cfg, err := loadConfig(*home)
	if err != nil {
		return err
	}
	if *listen != "" {
		cfg.MySQL.Listen = *listen
	}
	return startNode(ctx, *home, cfg, log)
}

func startNode(ctx context.Context, home string, cfg Config, log *slog.Logger) error {
	if _, err := mysqlfront.RaiseFileLimit(); err != nil {
		log.Warn("cannot raise the open-file limit", "err", err.Error())
	}
	engine, err := openEngine(ctx, home, cfg.Database, log, replay.WithRowHistory(cfg.Audit.RowHistory))
	if err != nil {
		return err
	}
	defer engine.Driver().Close()
	defer startSnapshots(ctx, home, cfg.Snapshots, engine, log)()
	app := consensus.NewApp(engine, log)
	node, err := consensus.NewNode(home, app, log)
	if err != nil {
		return err
	}
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
	fcfg.Accounts = engine
	srv, err := mysqlfront.New(fcfg, func(c proxy.Client) *proxy.Session {
		return proxy.NewSession(node, engine, c)
	}, log)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	log.Info("node started", "height", engine.Height(), "node", node.ID(), "database", cfg.Database.Driver)
	fmt.Printf("blocksql is ready. Connect with:\n  %s\n", connectCommand(ln.Addr().String()))
	return waitStop(ctx, app, served, log)
}

func waitStop(ctx context.Context, app *consensus.App, served <-chan error, log *slog.Logger) error {
	select {
	case <-ctx.Done():
		log.Info("stopping")
		return nil
	case <-app.Halted():
		return fmt.Errorf("node halted: %w", app.Err())
	case err := <-served:
		if err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("mysql frontend: %w", err)
		}
		return nil
	}
}

func connectCommand(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	return fmt.Sprintf("mariadb -h %s -P %s -u root", host, port)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
