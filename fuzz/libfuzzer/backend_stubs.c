/*
 * The few PostgreSQL backend services that the extension's parsers call,
 * reimplemented small enough to run the real src/ files outside a server
 * under libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer.
 *
 * Every palloc is its own malloc, so a read one byte past a parser's buffer
 * is an ASan report here, where inside the server it would land in the same
 * memory-context block and go unseen. Allocations are freed together after
 * each input (stub_reset), as a memory context would be.
 *
 * ereport(ERROR) longjmps to the innermost PG_TRY, as in the server; the
 * harness records the SQLSTATE so that it can tell a clean error from an
 * internal one.
 */
#include "postgres.h"

#include <setjmp.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "access/htup_details.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "backend_stubs.h"

/* port.h maps these to PostgreSQL's own printf family, which is defined here. */
#undef vsnprintf
#undef snprintf
#undef fprintf
#undef vfprintf
#undef qsort

sigjmp_buf *PG_exception_stack = NULL;
ErrorContextCallback *error_context_stack = NULL;
volatile sig_atomic_t InterruptPending = false;

/* Never dereferenced: only saved and restored around PG_TRY. */
static char dummy_context_storage[64];
MemoryContext CurrentMemoryContext = (MemoryContext) dummy_context_storage;

/* ------------------------------------------------------------ allocation */

typedef struct Allocation
{
	struct Allocation *next;
	void	   *ptr;
} Allocation;

static Allocation *allocations = NULL;

static void *
tracked_alloc(Size size, bool zero)
{
	Allocation *a = malloc(sizeof(Allocation));
	void	   *p = zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);

	if (a == NULL || p == NULL)
		abort();
	a->ptr = p;
	a->next = allocations;
	allocations = a;
	return p;
}

static Allocation **
find_allocation(void *p)
{
	for (Allocation **a = &allocations; *a; a = &(*a)->next)
		if ((*a)->ptr == p)
			return a;
	abort();					/* pfree or repalloc of a pointer never palloc'd */
}

void
stub_reset(void)
{
	while (allocations)
	{
		Allocation *next = allocations->next;

		free(allocations->ptr);
		free(allocations);
		allocations = next;
	}
	stub_error.sqlerrcode = 0;
	stub_error.elevel = 0;
	stub_error.message[0] = '\0';
}

void *
palloc(Size size)
{
	if (!AllocSizeIsValid(size))
		abort();
	return tracked_alloc(size, false);
}

void *
palloc0(Size size)
{
	if (!AllocSizeIsValid(size))
		abort();
	return tracked_alloc(size, true);
}

void *
palloc_extended(Size size, int flags)
{
	return tracked_alloc(size, (flags & MCXT_ALLOC_ZERO) != 0);
}

void *
MemoryContextAlloc(MemoryContext context, Size size)
{
	return palloc(size);
}

void *
MemoryContextAllocZero(MemoryContext context, Size size)
{
	return palloc0(size);
}

void *
MemoryContextAllocHuge(MemoryContext context, Size size)
{
	if (!AllocHugeSizeIsValid(size))
		abort();
	return tracked_alloc(size, false);
}

void
pfree(void *pointer)
{
	Allocation **a = find_allocation(pointer);
	Allocation *gone = *a;

	*a = gone->next;
	free(gone->ptr);
	free(gone);
}

static void *
tracked_realloc(void *pointer, Size size)
{
	Allocation **a = find_allocation(pointer);
	void	   *p = realloc((*a)->ptr, size ? size : 1);

	if (p == NULL)
		abort();
	(*a)->ptr = p;
	return p;
}

void *
repalloc(void *pointer, Size size)
{
	if (!AllocSizeIsValid(size))
		abort();
	return tracked_realloc(pointer, size);
}

void *
repalloc_huge(void *pointer, Size size)
{
	if (!AllocHugeSizeIsValid(size))
		abort();
	return tracked_realloc(pointer, size);
}

char *
pstrdup(const char *in)
{
	size_t		len = strlen(in) + 1;
	char	   *out = palloc(len);

	memcpy(out, in, len);
	return out;
}

/* A palloc'd copy of the formatted text. */
static char *
format_palloc(const char *fmt, va_list args)
{
	va_list		again;
	int			len;
	char	   *out;

	va_copy(again, args);
	len = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (len < 0)
		abort();
	out = palloc(len + 1);
	vsnprintf(out, len + 1, fmt, args);
	return out;
}

char *
psprintf(const char *fmt,...)
{
	va_list		args;
	char	   *out;

	va_start(args, fmt);
	out = format_palloc(fmt, args);
	va_end(args);
	return out;
}

int
pg_vsnprintf(char *str, size_t count, const char *fmt, va_list args)
{
	return vsnprintf(str, count, fmt, args);
}

int
pg_fprintf(FILE *stream, const char *fmt,...)
{
	va_list		args;
	int			len;

	va_start(args, fmt);
	len = vfprintf(stream, fmt, args);
	va_end(args);
	return len;
}

void
pg_qsort(void *base, size_t nel, size_t elsize, int (*cmp) (const void *, const void *))
{
	qsort(base, nel, elsize, cmp);
}

int
pg_snprintf(char *str, size_t count, const char *fmt,...)
{
	va_list		args;
	int			len;

	va_start(args, fmt);
	len = vsnprintf(str, count, fmt, args);
	va_end(args);
	return len;
}

int
pg_strncasecmp(const char *s1, const char *s2, size_t n)
{
	return strncasecmp(s1, s2, n);
}

unsigned char
pg_toupper(unsigned char ch)
{
	return (unsigned char) toupper(ch);
}

/* -------------------------------------------------------------- errors */

StubError	stub_error;

bool
errstart(int elevel, const char *domain)
{
	if (elevel < ERROR)
		return false;			/* notices and warnings are not this harness's business */
	stub_error.elevel = elevel;
	stub_error.sqlerrcode = ERRCODE_INTERNAL_ERROR;	/* what elog() leaves */
	stub_error.message[0] = '\0';
	return true;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	if (PG_exception_stack == NULL)
	{
		fprintf(stderr, "ereport(ERROR) outside PG_TRY at %s:%d: %s\n",
				filename, lineno, stub_error.message);
		abort();
	}
	siglongjmp(*PG_exception_stack, 1);
}

void
pg_re_throw(void)
{
	if (PG_exception_stack == NULL)
		abort();
	siglongjmp(*PG_exception_stack, 1);
}

int
errcode(int sqlerrcode)
{
	stub_error.sqlerrcode = sqlerrcode;
	return 0;
}

/* Format into a buffer; details and hints are formatted too (a bad argument must show) and dropped. */
#define FORMAT_INTO(buffer, fmt) \
	do { \
		va_list		args; \
		va_start(args, fmt); \
		vsnprintf((buffer), sizeof(buffer), (fmt), args); \
		va_end(args); \
	} while (0)

int
errmsg(const char *fmt,...)
{
	FORMAT_INTO(stub_error.message, fmt);
	return 0;
}

int
errmsg_internal(const char *fmt,...)
{
	FORMAT_INTO(stub_error.message, fmt);
	return 0;
}

int
errdetail(const char *fmt,...)
{
	char		scratch[512];

	FORMAT_INTO(scratch, fmt);
	return 0;
}

int
errhint(const char *fmt,...)
{
	char		scratch[512];

	FORMAT_INTO(scratch, fmt);
	return 0;
}

ErrorData *
CopyErrorData(void)
{
	ErrorData  *edata = palloc0(sizeof(ErrorData));

	edata->elevel = stub_error.elevel;
	edata->sqlerrcode = stub_error.sqlerrcode;
	edata->message = pstrdup(stub_error.message);
	return edata;
}

void
FlushErrorState(void)
{
	stub_error.elevel = 0;
	stub_error.sqlerrcode = 0;
	stub_error.message[0] = '\0';
}

void
ProcessInterrupts(void)
{
	InterruptPending = false;
}

/* -------------------------------------------- aggregates and varlenas */

static char dummy_aggregate_context[64];

int
AggCheckCallContext(FunctionCallInfo fcinfo, MemoryContext *aggcontext)
{
	if (aggcontext)
		*aggcontext = (MemoryContext) dummy_aggregate_context;
	return AGG_CONTEXT_AGGREGATE;
}

/* The harness only ever passes plain 4-byte-header varlenas. */
struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTENDED(datum))
		abort();
	return datum;
}

struct varlena *
pg_detoast_datum_packed(struct varlena *datum)
{
	return datum;
}

/* ---------------------------------------------------------- StringInfo */

void
initStringInfo(StringInfo str)
{
	str->maxlen = 1024;
	str->data = palloc(str->maxlen);
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0 || ((Size) needed) >= (MaxAllocSize - (Size) str->len))
		abort();
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

void
appendBinaryStringInfo(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	appendBinaryStringInfo(str, &ch, 1);
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	va_list		args;
	char	   *text;

	va_start(args, fmt);
	text = format_palloc(fmt, args);
	va_end(args);
	appendStringInfoString(str, text);
	pfree(text);
}

/* ------------------------------------------ binary messages (pqformat) */

void
pq_begintypsend(StringInfo buf)
{
	initStringInfo(buf);
	appendBinaryStringInfo(buf, "\0\0\0\0", 4);	/* room for the varlena header */
}

bytea *
pq_endtypsend(StringInfo buf)
{
	bytea	   *result = (bytea *) buf->data;

	SET_VARSIZE(result, buf->len);
	return result;
}

void
pq_sendfloat8(StringInfo buf, float8 f)
{
	union
	{
		float8		f;
		int64		i;
	}			swap;

	swap.f = f;
	pq_sendint64(buf, swap.i);
}

/* Short messages are 08P01, as pq_copymsgbytes says in the server. */
static void
take_bytes(StringInfo msg, void *out, int n)
{
	if (n < 0 || n > msg->len - msg->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	memcpy(out, msg->data + msg->cursor, n);
	msg->cursor += n;
}

int64
pq_getmsgint64(StringInfo msg)
{
	uint64		n64;

	take_bytes(msg, &n64, sizeof(n64));
	return (int64) pg_ntoh64(n64);
}

unsigned int
pq_getmsgint(StringInfo msg, int b)
{
	unsigned char c;
	uint16		n16;
	uint32		n32;

	switch (b)
	{
		case 1:
			take_bytes(msg, &c, 1);
			return c;
		case 2:
			take_bytes(msg, &n16, 2);
			return pg_ntoh16(n16);
		case 4:
			take_bytes(msg, &n32, 4);
			return pg_ntoh32(n32);
	}
	abort();
}

int
pq_getmsgbyte(StringInfo msg)
{
	unsigned char c;

	take_bytes(msg, &c, 1);
	return c;
}

float8
pq_getmsgfloat8(StringInfo msg)
{
	union
	{
		float8		f;
		int64		i;
	}			swap;

	swap.i = pq_getmsgint64(msg);
	return swap.f;
}

void
pq_getmsgend(StringInfo msg)
{
	if (msg->cursor != msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("invalid message format")));
}

/* ---------------------------------------------------------- timestamps */

/*
 * score_pair's text form embeds PostgreSQL's timestamptz text, which is
 * PostgreSQL's parser, not ours. Here a timestamp is its microsecond count
 * ("123456789"), which exercises the same paths in score_pair_in: success,
 * and a datetime error (22007) caught and turned into a malformed literal.
 */
Datum
timestamptz_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	char	   *end;
	long long	us;

	errno = 0;
	us = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || !IS_VALID_TIMESTAMP(us))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("invalid input syntax for type timestamp with time zone: \"%s\"", text)));
	PG_RETURN_TIMESTAMPTZ((TimestampTz) us);
}

Datum
timestamptz_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(psprintf(INT64_FORMAT, (int64) PG_GETARG_TIMESTAMPTZ(0)));
}

/* fmgr: only what DirectFunctionCallN needs. */
static Datum
call_direct(PGFunction func, Oid collation, int nargs, const Datum *args)
{
	LOCAL_FCINFO(fcinfo, 3);
	Datum		result;

	InitFunctionCallInfoData(*fcinfo, NULL, nargs, collation, NULL, NULL);
	for (int i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = false;
	}
	result = (*func) (fcinfo);
	if (fcinfo->isnull)
		abort();
	return result;
}

Datum
DirectFunctionCall1Coll(PGFunction func, Oid collation, Datum arg1)
{
	Datum		args[] = {arg1};

	return call_direct(func, collation, 1, args);
}

Datum
DirectFunctionCall2Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2)
{
	Datum		args[] = {arg1, arg2};

	return call_direct(func, collation, 2, args);
}

Datum
DirectFunctionCall3Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2, Datum arg3)
{
	Datum		args[] = {arg1, arg2, arg3};

	return call_direct(func, collation, 3, args);
}

text *
cstring_to_text(const char *s)
{
	size_t		len = strlen(s);
	text	   *t = palloc(VARHDRSZ + len);

	SET_VARSIZE(t, VARHDRSZ + len);
	memcpy(VARDATA(t), s, len);
	return t;
}

/*
 * Linked in with the files the targets need, but never reached from them
 * (set-returning catalogue functions, numeric results, hashing): calling one
 * is a harness bug.
 */
#define NOT_IN_HARNESS(name) \
	do { fprintf(stderr, "%s is not available in the fuzz harness\n", name); abort(); } while (0)

TupleDesc
BlessTupleDesc(TupleDesc tupdesc)
{
	NOT_IN_HARNESS("BlessTupleDesc");
}

Datum
HeapTupleHeaderGetDatum(HeapTupleHeader tuple)
{
	NOT_IN_HARNESS("HeapTupleHeaderGetDatum");
}

void
InitMaterializedSRF(FunctionCallInfo fcinfo, bits32 flags)
{
	NOT_IN_HARNESS("InitMaterializedSRF");
}

TypeFuncClass
get_call_result_type(FunctionCallInfo fcinfo, Oid *resultTypeId, TupleDesc *resultTupleDesc)
{
	NOT_IN_HARNESS("get_call_result_type");
}

HeapTuple
heap_form_tuple(TupleDesc tupleDescriptor, Datum *values, bool *isnull)
{
	NOT_IN_HARNESS("heap_form_tuple");
}

void
tuplestore_putvalues(Tuplestorestate *state, TupleDesc tdesc, Datum *values, bool *isnull)
{
	NOT_IN_HARNESS("tuplestore_putvalues");
}

Numeric
int64_to_numeric(int64 val)
{
	NOT_IN_HARNESS("int64_to_numeric");
}

Numeric
int64_div_fast_to_numeric(int64 val1, int log10val2)
{
	NOT_IN_HARNESS("int64_div_fast_to_numeric");
}

Datum
numeric_out(PG_FUNCTION_ARGS)
{
	NOT_IN_HARNESS("numeric_out");
}

Datum
timestamp_mi(PG_FUNCTION_ARGS)
{
	NOT_IN_HARNESS("timestamp_mi");
}

uint64
hash_bytes_extended(const unsigned char *k, int keylen, uint64 seed)
{
	NOT_IN_HARNESS("hash_bytes_extended");
}
