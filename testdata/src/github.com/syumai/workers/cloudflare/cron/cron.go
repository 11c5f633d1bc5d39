// Package cron is a stub of github.com/syumai/workers/cloudflare/cron.
package cron

import (
	"context"
	"time"
)

type Event struct {
	Cron          string
	ScheduledTime time.Time
}

func NewEvent(ctx context.Context) (*Event, error) { return nil, nil }

type Task func(ctx context.Context) error

// ScheduleTask sets the Task to be executed.
func ScheduleTask(task Task) {}

// ScheduleTaskNonBlock sets the Task without blocking.
func ScheduleTaskNonBlock(task Task) {}
