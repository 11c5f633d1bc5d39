// Command peakrss runs a command and reports what it cost: wall time,
// CPU time (user and system, of the command and all its descendants),
// the largest resident set of any one of its processes, and the largest
// resident set of its whole process tree at one time.
//
// The last is what a comparison of memory needs: go vet runs one vet
// process per package, several at once, beside the go command, while
// routevet's standalone driver runs go list and then works in one
// process. The tree's resident set is sampled from /proc every 20
// milliseconds (Linux only), summing VmRSS over the command and its
// descendants; the largest single process comes from the kernel's
// accounting (getrusage), which misses nothing.
//
// Usage: peakrss [-o FILE] COMMAND [ARG...]
//
// It prints one line, "wall user sys single tree": seconds, then KiB; to
// FILE with -o. The command's output and exit status pass through.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "write the figures to this file instead of stderr")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss [-o FILE] COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(2)
	}
	exited := make(chan struct{})
	var peak int64
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, treeRSS(cmd.Process.Pid))
			select {
			case <-exited:
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(exited)
	code := 0
	if err != nil {
		code = 1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	line := fmt.Sprintf("%.2f %.2f %.2f %d %d\n", wall.Seconds(),
		time.Duration(ru.Utime.Nano()).Seconds(), time.Duration(ru.Stime.Nano()).Seconds(),
		ru.Maxrss, max(peak, ru.Maxrss))
	if *out != "" {
		if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "peakrss:", err)
			os.Exit(2)
		}
	} else {
		fmt.Fprint(os.Stderr, line)
	}
	os.Exit(code)
}

// treeRSS returns the resident set, in KiB, of process pid and all its
// descendants.
func treeRSS(pid int) int64 {
	children := map[int][]int{}
	rss := map[int]int64{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		p, err := strconv.Atoi(filepath.Base(dir))
		if err != nil {
			continue
		}
		data, err := os.ReadFile(dir + "/status")
		if err != nil {
			continue // gone
		}
		for line := range strings.Lines(string(data)) {
			switch {
			case strings.HasPrefix(line, "PPid:"):
				ppid, _ := strconv.Atoi(strings.TrimSpace(line[len("PPid:"):]))
				children[ppid] = append(children[ppid], p)
			case strings.HasPrefix(line, "VmRSS:"):
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line[len("VmRSS:"):]), "kB")), 10, 64)
				rss[p] = kb
			}
		}
	}
	var total int64
	var visit func(int)
	visit = func(p int) {
		total += rss[p]
		for _, c := range children[p] {
			visit(c)
		}
	}
	visit(pid)
	return total
}
