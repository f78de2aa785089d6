// Command blocksql is a SQL database proxy whose every write is recorded in
// a Byzantine-fault-tolerant log chain. Everything lives in package cli;
// this file only gives the binary its name under `go install`.
package main

import (
	"os"

	"github.com/blocksql/blocksql/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
