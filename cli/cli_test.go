package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// commandNames are the commands every convention test walks through.
var commandNames = []string{"init", "start", "replay", "digest", "verify", "bench", "log",
	"history", "diff", "prove", "verify-proof", "status", "explore", "version"}

// TestHelpExitsZero: `blocksql CMD --help` and `blocksql help CMD` print
// the command's synopsis and examples and succeed.
func TestHelpExitsZero(t *testing.T) {
	for _, name := range commandNames {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}} {
			out, stderr, code := runCLI(t, args...)
			if code != 0 || !strings.Contains(out, "blocksql "+name) || !strings.Contains(out, "Examples:") {
				t.Errorf("%v: exit %d, want 0 with synopsis and examples\nstdout: %s\nstderr: %s", args, code, out, stderr)
			}
			if strings.Contains(out, " -home") {
				t.Errorf("%v: flags must be spelled --flag:\n%s", args, out)
			}
		}
	}
}

// TestBadCommandLines: unknown flags and stray positional arguments are
// refused with exit code 2 and a hint, and nothing is done.
func TestBadCommandLines(t *testing.T) {
	cwd := t.TempDir()
	home := filepath.Join(cwd, "h")
	for _, name := range []string{"init", "start", "replay", "digest", "verify", "bench", "log", "status"} {
		for _, args := range [][]string{
			{name, "mynode", "--home", home},
			{name, "--home", home, "--no-such-flag"},
			{name, "-home", home},
		} {
			_, stderr, code := runCLIIn(t, cwd, args...)
			if code != exitUsage || !strings.Contains(stderr, "Try: blocksql "+name+" --help") {
				t.Errorf("%v: exit %d, want %d with a hint\n%s", args, code, exitUsage, stderr)
			}
		}
	}
	for _, dir := range []string{home, filepath.Join(cwd, ".blocksql")} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("a refused command line created %s", dir)
		}
	}
	if _, stderr, code := runCLI(t, "no-such-command"); code != exitUsage || !strings.Contains(stderr, "Try: blocksql --help") {
		t.Errorf("unknown command: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "history", "shop.items"); code != exitUsage || !strings.Contains(stderr, "a table (db.table) and a primary key") {
		t.Errorf("history with one argument: exit %d\n%s", code, stderr)
	}
}

// TestVersionAndCompletion: the version names the build, the Go toolchain
// and CometBFT; bash completion is a script.
func TestVersionAndCompletion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, code := runCLI(t, args...)
		for _, want := range []string{"blocksql ", "go1.", "CometBFT v1.", "commit "} {
			if code != 0 || !strings.Contains(out, want) {
				t.Errorf("%v: exit %d, output %q lacks %q", args, code, out, want)
			}
		}
	}
	out, _, code := runCLI(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "complete -o default -F __start_blocksql blocksql") {
		t.Errorf("completion bash: exit %d\n%.300s", code, out)
	}
}

// TestTimeFlagsAgree: every time flag reads the same formats; a time
// without a zone is UTC.
func TestTimeFlagsAgree(t *testing.T) {
	want := time.Date(2026, 3, 1, 14, 0, 0, 0, time.UTC)
	for _, s := range []string{"2026-03-01 14:00", "2026-03-01 14:00:00", "2026-03-01T14:00", "2026-03-01T14:00:00Z",
		"2026-03-01T15:00:00+01:00", "1772373600"} {
		for _, flag := range []string{"since", "until", "to-time"} {
			got, err := parseTime(flag, s)
			if err != nil || !got.Equal(want) {
				t.Errorf("--%s %q = %v, %v; want %v", flag, s, got, err, want)
			}
		}
	}
	if got, err := parseTime("since", "2026-03-01"); err != nil || !got.Equal(want.Truncate(24*time.Hour)) {
		t.Errorf("date only = %v, %v", got, err)
	}
	if _, err := parseTime("to-time", "yesterday"); err == nil {
		t.Error("yesterday parsed as a time")
	}
	home, _ := newHome(t, "sqlite", "")
	for _, args := range [][]string{
		{"replay", "--home", home, "--to-time", "2026-03-01 14:00", "--dry-run"},
		{"log", "--home", home, "--since", "2026-03-01 14:00"},
	} {
		if _, stderr, _ := runCLI(t, args...); strings.Contains(stderr, "is not a time") {
			t.Errorf("%v refused the time: %s", args, stderr)
		}
	}
}

// TestConfigAndLogLevelErrors: a misspelt section of blocksql.toml and an
// unknown --log-level are refused, naming what is wrong.
func TestConfigAndLogLevelErrors(t *testing.T) {
	home, _ := newHome(t, "sqlite", "")
	if _, stderr, code := runCLI(t, "start", "--home", home, "--log-level", "verbose"); code != exitUsage || !strings.Contains(stderr, `--log-level "verbose"`) {
		t.Errorf("bad --log-level: exit %d\n%s", code, stderr)
	}
	f, err := os.OpenFile(filepath.Join(home, ConfigFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\n[snapshot]\ninterval = 5\n")
	f.Close()
	for _, cmd := range []string{"start", "digest"} {
		if _, stderr, code := runCLI(t, cmd, "--home", home); code != exitUsage || !strings.Contains(stderr, `unknown key "snapshot"`) {
			t.Errorf("%s with a [snapshot] typo: exit %d\n%s", cmd, code, stderr)
		}
	}
}

// TestSecondStartRefused: a second node on a running node's home says so
// and how to look at the first one.
func TestSecondStartRefused(t *testing.T) {
	home, port := newHome(t, "sqlite", "")
	start(t, home, port)
	_, stderr, code := runCLI(t, "start", "--home", home)
	if code != exitUsage || !strings.Contains(stderr, "already running") || !strings.Contains(stderr, "Try: blocksql status --home") {
		t.Errorf("second start: exit %d\n%s", code, stderr)
	}
}

// TestStatusOfStoppedNode: status reads a home whose node is not running.
func TestStatusOfStoppedNode(t *testing.T) {
	home, _ := newHome(t, "sqlite", "")
	out, stderr, code := runCLI(t, "status", "--home", home)
	if text := strings.Join(strings.Fields(out), " "); code != 0 || !strings.Contains(text, "running no") ||
		!strings.Contains(text, "height 0") {
		t.Errorf("status of a new home: exit %d\n%s%s", code, out, stderr)
	}
}

// TestInstalledBinaryName: `go install …/cli/blocksql@latest` (the
// README's command) installs a binary named blocksql; the cli package
// itself is a library, not a command installed as "cli".
func TestInstalledBinaryName(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.Name}} {{.Target}}",
		"github.com/blocksql/blocksql/cli/blocksql", "github.com/blocksql/blocksql/cli").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "main ") || filepath.Base(strings.Fields(lines[0])[1]) != "blocksql" ||
		strings.TrimSpace(lines[1]) != "cli" {
		t.Errorf("go list:\n%s", out)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil || !strings.Contains(string(readme), "go install -tags sqlite_preupdate_hook github.com/blocksql/blocksql/cli/blocksql@latest") {
		t.Errorf("the README does not give the go install command (%v)", err)
	}
}
