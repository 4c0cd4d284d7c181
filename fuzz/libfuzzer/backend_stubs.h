/*
 * The harness's view of backend_stubs.c: the last error raised, and the
 * per-input reset that frees everything palloc'd.
 */
#ifndef IAPT_EWS_BACKEND_STUBS_H
#define IAPT_EWS_BACKEND_STUBS_H

typedef struct StubError
{
	int			elevel;
	int			sqlerrcode;
	char		message[512];
} StubError;

extern StubError stub_error;

extern void stub_reset(void);

#endif
