package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/blocksql/blocksql/consensus"
)

// ConfigFile is the name of blocksql's own config inside a home directory;
// CometBFT's files live beside it under config/ and data/.
const ConfigFile = "blocksql.toml"

// Config is a node's blocksql.toml.
type Config struct {
	Dialect  string         `toml:"dialect"`
	Database DatabaseConfig `toml:"database"`
	MySQL    ListenConfig   `toml:"mysql"`
	// Postgres is the PostgreSQL frontend of a postgres-dialect chain.
	Postgres ListenConfig      `toml:"postgres"`
	Users    map[string]string `toml:"users"`
	// Snapshots of the local SQLite database, for fast restores.
	Snapshots SnapshotConfig `toml:"snapshots"`
	Audit     AuditConfig    `toml:"audit"`
	Network   NetworkConfig  `toml:"network"`
	Metrics   MetricsConfig  `toml:"metrics"`
}

// NetworkConfig is the [network] section. WriteTimeout bounds how long a
// write waits for this node to catch up and for its block to be decided
// (and a read for a height another node reported); past it the client
// gets MySQL error 1205, which it may retry.
type NetworkConfig struct {
	WriteTimeout duration `toml:"write_timeout"`
}

// duration is a time.Duration written as "10s" in blocksql.toml.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: %w (write it as \"10s\" or \"500ms\")", b, err)
	}
	d.Duration = v
	return nil
}

func (d duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// AuditConfig is the [audit] section. RowHistory records every row change
// in blocksql.row_changes (on by default; off only to measure its cost).
type AuditConfig struct {
	RowHistory bool `toml:"row_history"`
}

// SnapshotConfig is the [snapshots] section: a snapshot every Interval
// blocks (0 turns them off), keeping the newest Retain.
type SnapshotConfig struct {
	Interval int64 `toml:"interval"`
	Retain   int   `toml:"retain"`
}

// DatabaseConfig chooses the node's local database.
type DatabaseConfig struct {
	// Driver is "sqlite" (embedded default) or "mysql" (MariaDB/MySQL).
	Driver string `toml:"driver"`
	// DSN is a file path for sqlite (relative to the home) or a
	// go-sql-driver DSN such as "root@tcp(127.0.0.1:3306)/" for mysql.
	DSN string `toml:"dsn"`
	// Prefix is prepended to every database name on a mysql backend, so
	// several nodes can share one server.
	Prefix string `toml:"prefix"`
}

// ListenConfig is a frontend's listen address.
type ListenConfig struct {
	Listen string `toml:"listen"`
	// AuthPlugin is mysql_native_password (default) or caching_sha2_password.
	AuthPlugin string `toml:"auth_plugin"`
}

func defaultConfig() Config {
	return Config{
		Dialect:   "mysql",
		Database:  DatabaseConfig{Driver: "sqlite", DSN: "data/blocksql.db"},
		MySQL:     ListenConfig{Listen: "127.0.0.1:3307"},
		Postgres:  ListenConfig{Listen: "127.0.0.1:5433"},
		Users:     map[string]string{"root": ""},
		Snapshots: SnapshotConfig{Interval: 1000, Retain: 3},
		Audit:     AuditConfig{RowHistory: true},
		Network:   NetworkConfig{WriteTimeout: duration{consensus.DefaultWriteTimeout}},
		Metrics:   MetricsConfig{Listen: DefaultMetricsListen},
	}
}

func loadConfig(home string) (Config, error) {
	cfg := defaultConfig()
	path := filepath.Join(home, ConfigFile)
	md, err := toml.DecodeFile(path, &cfg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return cfg, &UsageError{Msg: fmt.Sprintf("no blocksql home at %s", home), Hint: "blocksql init --home " + home}
		}
		return cfg, fmt.Errorf("read %s: %w", path, err)
	}
	// A misspelt key would otherwise be ignored and its default used.
	if unknown := md.Undecoded(); len(unknown) > 0 {
		return cfg, &UsageError{Msg: fmt.Sprintf("%s: unknown key %q", path, unknown[0].String()),
			Hint: "the keys of " + ConfigFile + " are listed in the README (Configuration)"}
	}
	return cfg, nil
}

func writeConfig(home string, cfg Config) error {
	f, err := os.OpenFile(filepath.Join(home, ConfigFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintln(f, "# blocksql node configuration. CometBFT settings are in config/config.toml.")
	return toml.NewEncoder(f).Encode(cfg)
}

// UsageError is a mistake the operator can fix; Hint says how.
type UsageError struct {
	Msg  string
	Hint string
}

func (e *UsageError) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "\nTry: " + e.Hint
}
