// SPDX-License-Identifier: GPL-2.0
/*
 * hmm-soak: a long randomized run of test_hmm's devices for make soak.
 *
 * Usage: hmm-soak SECONDS [SEED]
 *
 * Keeps WORKERS processes alive.  Each mirrors itself on both dmirror
 * devices (through the mirror registry, or now and then the interval
 * backend), has two device threads fault, read, write and migrate its
 * memory, may fork a child that does the same, and after a random time
 * ends one of four ways: exit with the device threads running, close its
 * files and exit, hand a file to a grandchild that closes it racing the
 * exit, or close and reopen its files and exit later.  Every device read
 * is checked against what the CPU wrote; an undocumented error or wrong
 * data makes the worker exit non-zero.  At the end: operations done, by
 * kind, ops/s, and the failures; the exit status is 1 on any failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "test_hmm_uapi.h"

#define WORKERS		6
#define NPAGES		64
#define USE_MIRROR	"/sys/module/test_hmm/parameters/use_mirror"

enum { OP_READ, OP_WRITE, OP_TO_DEV, OP_TO_SYS, OP_SNAPSHOT, OP_NR };
static const char *const op_names[OP_NR] = {
	"read", "write", "migrate-to-dev", "migrate-to-sys", "snapshot",
};
static const unsigned long op_cmds[OP_NR] = {
	HMM_DMIRROR_READ, HMM_DMIRROR_WRITE, HMM_DMIRROR_MIGRATE_TO_DEV,
	HMM_DMIRROR_MIGRATE_TO_SYS, HMM_DMIRROR_SNAPSHOT,
};
enum { END_EXIT_BUSY, END_CLOSE_EXIT, END_HANDOFF, END_REOPEN, END_NR };
static const char *const end_names[END_NR] = {
	"exit with device threads busy", "close then exit",
	"file closed by a grandchild racing the exit", "reopen then exit",
};

/* Shared by every process of the run. */
struct totals {
	uint64_t	ops[OP_NR];
	uint64_t	errors[OP_NR];	/* documented errors (EBUSY, ...) */
	uint64_t	ends[END_NR];
	uint64_t	forks;
	uint64_t	opens;
	uint64_t	bad;		/* wrong data or undocumented errors */
};
static struct totals *tot;

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static void add(uint64_t *c, uint64_t n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

static int dev_open(int unit)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/hmm_dmirror%d", unit);
	fd = open(path, O_RDWR);
	if (fd >= 0)
		add(&tot->opens, 1);
	return fd;
}

struct dev_thread {
	pthread_t	tid;
	int		fd;
	int		*buf;		/* the CPU's copy: never written here */
	int		*bounce;
	uint64_t	rng;
};

static void *dev_thread_fn(void *arg)
{
	struct dev_thread *t = arg;
	size_t n = NPAGES * sysconf(_SC_PAGE_SIZE) / sizeof(int), i;

	for (;;) {
		int op = rnd(&t->rng) % OP_NR;
		struct hmm_dmirror_cmd cmd = {
			.addr = (uintptr_t)t->buf, .ptr = (uintptr_t)t->bounce,
			.npages = NPAGES,
		};

		if (op == OP_WRITE)	/* writes back what is there */
			memcpy(t->bounce, t->buf, n * sizeof(int));
		if (ioctl(t->fd, op_cmds[op], &cmd)) {
			/*
			 * Documented in test_hmm_uapi.h; EBADF once the worker
			 * closed its files under its device threads, on purpose.
			 */
			if (errno != EBUSY && errno != EINTR && errno != EPERM &&
			    errno != ENOENT && errno != EBADF) {
				fprintf(stderr, "hmm-soak: %s: %s\n", op_names[op],
					strerror(errno));
				add(&tot->bad, 1);
			}
			add(&tot->errors[op], 1);
			/* The file is gone: nothing left for this thread. */
			if (errno == EBADF)
				break;
			continue;
		}
		add(&tot->ops[op], 1);
		if (op != OP_READ)
			continue;
		for (i = 0; i < n; i++) {
			if (t->bounce[i] != (int)i) {
				fprintf(stderr, "hmm-soak: read %d at %zu, want %zu\n",
					t->bounce[i], i, i);
				add(&tot->bad, 1);
				break;
			}
		}
	}
	return NULL;
}

/* Mirror this process on both devices with two device threads. */
static int start(struct dev_thread t[2], int fd[2], uint64_t *rng)
{
	size_t size = NPAGES * sysconf(_SC_PAGE_SIZE), i;
	int *buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED)
		return -1;
	for (i = 0; i < size / sizeof(int); i++)
		buf[i] = i;
	for (i = 0; i < 2; i++) {
		fd[i] = dev_open(i);
		if (fd[i] < 0)
			return -1;
	}
	for (i = 0; i < 2; i++) {
		t[i].fd = fd[i];
		t[i].buf = buf;
		t[i].bounce = malloc(size);
		t[i].rng = rnd(rng) | 1;
		if (!t[i].bounce || pthread_create(&t[i].tid, NULL, dev_thread_fn, &t[i]))
			return -1;
	}
	return 0;
}

static void worker(uint64_t seed)
{
	struct dev_thread t[2];
	int fd[2], how, i;
	uint64_t rng = seed | 1;

	if (start(t, fd, &rng)) {
		add(&tot->bad, 1);
		_exit(1);
	}
	if (rnd(&rng) % 4 == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			struct dev_thread ct[2];
			int cfd[2];

			if (start(ct, cfd, &rng))
				_exit(1);
			usleep(rnd(&rng) % 50000);
			_exit(0);
		}
		if (pid > 0)
			add(&tot->forks, 1);
	}
	usleep(10000 + rnd(&rng) % 200000);
	how = rnd(&rng) % END_NR;
	add(&tot->ends[how], 1);
	switch (how) {
	case END_CLOSE_EXIT:
		close(fd[0]);
		close(fd[1]);
		break;
	case END_HANDOFF:
		if (fork() == 0) {
			usleep(rnd(&rng) % 3000);
			close(fd[0]);
			_exit(0);
		}
		close(fd[0]);
		break;
	case END_REOPEN:
		for (i = 0; i < 2; i++) {
			close(fd[i]);
			fd[i] = dev_open(i);
		}
		usleep(rnd(&rng) % 20000);
		break;
	}
	_exit(0);
}

static void set_backend(bool mirror)
{
	int fd = open(USE_MIRROR, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, mirror ? "Y" : "N", 1) != 1)
			perror(USE_MIRROR);
		close(fd);
	}
}

/* Broken registry guarantees test_hmm saw, on both devices. */
static uint64_t violations(void)
{
	struct hmm_dmirror_stats st;
	uint64_t sum = 0;
	int i, fd;

	for (i = 0; i < 2; i++) {
		fd = dev_open(i);
		if (fd < 0 || ioctl(fd, HMM_DMIRROR_GET_STATS, &st))
			return UINT64_MAX;
		sum += st.dev_violations;
		close(fd);
	}
	return sum;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 60, t0, el;
	uint64_t rng = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x736f616b;
	uint64_t total = 0, workers = 0, failed = 0, v0, v1;
	pid_t pid, live[WORKERS] = { 0 };
	int running = 0, status, i;

	tot = mmap(NULL, sizeof(*tot), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (tot == MAP_FAILED)
		return 1;
	/* Collect orphaned grandchildren too. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	printf("hmm-soak: %.0f s, seed %#llx, %d workers\n", seconds,
	       (unsigned long long)rng, WORKERS);
	fflush(stdout);
	v0 = violations();
	t0 = now();
	for (;;) {
		bool more = now() - t0 < seconds;

		while (more && running < WORKERS) {
			uint64_t seed = rnd(&rng);

			/* One worker in eight mirrors through the interval backend. */
			set_backend(rnd(&rng) % 8 != 0);
			pid = fork();
			if (pid < 0)
				break;
			if (pid == 0)
				worker(seed);
			for (i = 0; live[i]; i++)
				;
			live[i] = pid;
			running++;
			workers++;
		}
		/* Workers, their children and adopted grandchildren. */
		pid = waitpid(-1, &status, 0);
		if (pid < 0)
			break;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
		for (i = 0; i < WORKERS; i++) {
			if (live[i] == pid) {
				live[i] = 0;
				running--;
			}
		}
	}
	set_backend(false);
	el = now() - t0;
	v1 = violations();
	for (i = 0; i < OP_NR; i++) {
		total += tot->ops[i];
		printf("hmm-soak: %-15s %10llu done, %8llu documented errors\n",
		       op_names[i], (unsigned long long)tot->ops[i],
		       (unsigned long long)tot->errors[i]);
	}
	for (i = 0; i < END_NR; i++)
		printf("hmm-soak: ends: %-45s %llu\n", end_names[i],
		       (unsigned long long)tot->ends[i]);
	printf("hmm-soak: %llu workers, %llu forked children, %llu opens\n",
	       (unsigned long long)workers, (unsigned long long)tot->forks,
	       (unsigned long long)tot->opens);
	printf("hmm-soak: %llu device operations in %.1f s: %.0f ops/s\n",
	       (unsigned long long)total, el, total / el);
	printf("hmm-soak: failures: %llu processes, %llu operations, %llu broken registry guarantees\n",
	       (unsigned long long)failed, (unsigned long long)tot->bad,
	       (unsigned long long)(v1 - v0));
	return failed || tot->bad || !total || v0 == UINT64_MAX ||
	       v1 != v0 ? 1 : 0;
}
