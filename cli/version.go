package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version and commit are set by the Makefile with -ldflags -X; a binary
// built by `go install` falls back to what the Go toolchain recorded.
var (
	version = ""
	commit  = ""
)

func init() {
	register(func() *cobra.Command {
		return &cobra.Command{
			Use:     "version",
			Short:   "print the blocksql version, commit, Go version and CometBFT version",
			Example: "  blocksql version\n  blocksql --version",
			Run: func(cmd *cobra.Command, _ []string) {
				fmt.Fprintln(cmd.OutOrStdout(), versionString())
			},
		}
	})
}

// buildVersion is what the binary knows about its own build.
type buildVersion struct {
	Version, Commit, Go, CometBFT string
}

func readBuildVersion() buildVersion {
	v := buildVersion{Version: version, Commit: commit, Go: "unknown", CometBFT: "unknown"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Go = info.GoVersion
	if v.Version == "" {
		v.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && v.Commit == "" {
			v.Commit = s.Value
		}
	}
	for _, d := range info.Deps {
		if d.Path == "github.com/cometbft/cometbft" {
			v.CometBFT = d.Version
		}
	}
	if v.Version == "" {
		v.Version = "(devel)"
	}
	if v.Commit == "" {
		v.Commit = "unknown"
	}
	return v
}

func versionString() string {
	v := readBuildVersion()
	return fmt.Sprintf("blocksql %s (commit %s, %s, CometBFT %s)", v.Version, v.Commit, v.Go, v.CometBFT)
}
