package cli

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
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
	Postgres ListenConfig `toml:"postgres"`
	// Users are the node's own administrators (root), with their
	// mysql_native_password hash; see users.go.
	Users map[string]string `toml:"users"`
	// Snapshots of the local SQLite database, for fast restores.
	Snapshots SnapshotConfig `toml:"snapshots"`
	Audit     AuditConfig    `toml:"audit"`
	Network   NetworkConfig  `toml:"network"`
	Metrics   MetricsConfig  `toml:"metrics"`
	Limits    LimitsConfig   `toml:"limits"`
}

// LimitsConfig is the [limits] section: the memory the rows of reads may
// hold, one result (MaxResultBytes) and all connections' results together
// (MaxNodeResultBytes), and the prepared statements all connections may
// hold (MaxPreparedStmtCount, MaxPreparedBytes). A read past either fails
// with MySQL error 1041, a prepare past them with 1461 or 1041 (SQLSTATE
// 54000 on the PostgreSQL port); 0 takes the default.
type LimitsConfig struct {
	MaxResultBytes       int64 `toml:"max_result_bytes"`
	MaxNodeResultBytes   int64 `toml:"max_node_result_bytes"`
	MaxPreparedStmtCount int64 `toml:"max_prepared_stmt_count"`
	MaxPreparedBytes     int64 `toml:"max_prepared_bytes"`
}

// budget is the node's result budget, shared by all its connections.
func (l LimitsConfig) budget() *drivers.ResultBudget {
	return drivers.NewResultBudget(l.MaxResultBytes, l.MaxNodeResultBytes)
}

// prepared is the node's prepared-statement budget, shared by all its
// connections.
func (l LimitsConfig) prepared() *drivers.PreparedBudget {
	return drivers.NewPreparedBudget(l.MaxPreparedStmtCount, l.MaxPreparedBytes)
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
	// AuthPlugin is mysql_native_password (default) or caching_sha2_password;
	// on [postgres], scram-sha-256 (default), md5 or cleartext.
	AuthPlugin string `toml:"auth_plugin"`
	// ConnectTimeout is the seconds a client has to log in.
	ConnectTimeout int `toml:"connect_timeout"`
	// WaitTimeout is the seconds an idle session is kept.
	WaitTimeout int `toml:"wait_timeout"`
	// MaxConnections is the most clients served at once (1040 beyond).
	MaxConnections int `toml:"max_connections"`
	// TLSCert and TLSKey (relative to the home) are made self-signed by
	// init; RSAKey is caching_sha2_password's key.
	TLSCert                string `toml:"tls_cert"`
	TLSKey                 string `toml:"tls_key"`
	RSAKey                 string `toml:"rsa_key"`
	RequireSecureTransport bool   `toml:"require_secure_transport"`
}

// frontend is the MySQL frontend's configuration from blocksql.toml,
// with the key files' paths resolved against home.
func (c Config) frontend(home string) mysqlfront.Config {
	// Accounts are set by startNode, once the engine is open.
	return mysqlfront.Config{Users: c.Users, AuthPlugin: c.MySQL.AuthPlugin,
		TLSCert: inHome(home, c.MySQL.TLSCert), TLSKey: inHome(home, c.MySQL.TLSKey),
		RSAKeyFile: inHome(home, c.MySQL.RSAKey), RequireSecureTransport: c.MySQL.RequireSecureTransport,
		ConnectTimeout: time.Duration(c.MySQL.ConnectTimeout) * time.Second,
		WaitTimeout:    time.Duration(c.MySQL.WaitTimeout) * time.Second,
		MaxConnections: c.MySQL.MaxConnections}
}

func defaultConfig() Config {
	return Config{
		Dialect:  "mysql",
		Database: DatabaseConfig{Driver: "sqlite", DSN: "data/blocksql.db"},
		MySQL: ListenConfig{Listen: "127.0.0.1:3307", ConnectTimeout: 10, WaitTimeout: 28800,
			MaxConnections: mysqlfront.DefaultMaxConnections, TLSCert: "config/mysql-cert.pem",
			TLSKey: "config/mysql-key.pem", RSAKey: "config/mysql-rsa.pem"},
		Postgres:  ListenConfig{Listen: "127.0.0.1:5433"},
		Users:     map[string]string{"root": ""},
		Snapshots: SnapshotConfig{Interval: 1000, Retain: 3},
		Audit:     AuditConfig{RowHistory: true},
		Network:   NetworkConfig{WriteTimeout: duration{consensus.DefaultWriteTimeout}},
		Metrics:   MetricsConfig{Listen: DefaultMetricsListen},
		Limits: LimitsConfig{MaxResultBytes: drivers.DefaultMaxResultBytes,
			MaxNodeResultBytes:   drivers.DefaultMaxNodeResultBytes,
			MaxPreparedStmtCount: drivers.DefaultMaxPreparedStmtCount,
			MaxPreparedBytes:     drivers.DefaultMaxPreparedBytes},
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
	return writeConfigFile(filepath.Join(home, ConfigFile), cfg)
}

// writeConfigFile writes cfg to a new file at path.
func writeConfigFile(path string, cfg Config) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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

func inHome(home, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(home, path)
}

// ensureKeys creates the frontend's certificate and RSA key where the
// configuration names them and they do not exist yet.
func ensureKeys(home string, cfg Config) error {
	f := cfg.frontend(home)
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o700); err != nil {
		return err
	}
	if f.TLSCert != "" && f.TLSKey != "" {
		host, _, _ := net.SplitHostPort(cfg.MySQL.Listen)
		if err := mysqlfront.EnsureCertificate(f.TLSCert, f.TLSKey, host); err != nil {
			return fmt.Errorf("TLS certificate: %w", err)
		}
	}
	if pg := cfg.Postgres; pg.TLSCert != "" && pg.TLSKey != "" {
		host, _, _ := net.SplitHostPort(pg.Listen)
		if err := mysqlfront.EnsureCertificate(inHome(home, pg.TLSCert), inHome(home, pg.TLSKey), host); err != nil {
			return fmt.Errorf("TLS certificate: %w", err)
		}
	}
	if f.RSAKeyFile != "" {
		return mysqlfront.EnsureRSAKey(f.RSAKeyFile)
	}
	return nil
}
