/*
 * Exact fixed-point reading of numeric values: see decimal.h.
 *
 * decimal_read_scaled decodes the numeric on-disk format directly. That
 * format is fixed by pg_upgrade's promise that numeric data stays readable,
 * so it is as stable as any catalog layout; the layout constants below are
 * those of PostgreSQL's numeric.c.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "decimal.h"

#define NUMERIC_SIGN_MASK				0xC000
#define NUMERIC_NEG						0x4000
#define NUMERIC_SHORT					0x8000
#define NUMERIC_SPECIAL					0xC000
#define NUMERIC_SHORT_SIGN_MASK			0x2000
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK	0x0040
#define NUMERIC_SHORT_WEIGHT_MASK		0x003F
#define NUMERIC_DIGIT_DECIMALS			4

static const int64 powers_of_ten[] = {
	INT64CONST(1), INT64CONST(10), INT64CONST(100), INT64CONST(1000),
	INT64CONST(10000), INT64CONST(100000), INT64CONST(1000000),
	INT64CONST(10000000), INT64CONST(100000000), INT64CONST(1000000000),
	INT64CONST(10000000000), INT64CONST(100000000000),
	INT64CONST(1000000000000), INT64CONST(10000000000000),
	INT64CONST(100000000000000), INT64CONST(1000000000000000),
	INT64CONST(10000000000000000), INT64CONST(100000000000000000),
	INT64CONST(1000000000000000000)
};

DecimalStatus
decimal_read_scaled(Datum numeric, int scale, int64 *result)
{
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(numeric);
	const char *data = VARDATA_ANY(packed);
	Size		len = VARSIZE_ANY_EXHDR(packed);
	uint16		header;
	bool		negative;
	int			weight;
	const char *digits;
	int			ndigits;
	int64		value = 0;
	DecimalStatus status = DECIMAL_OK;

	Assert(scale >= 0 && scale <= 8);
	if (len < sizeof(uint16))
		elog(ERROR, "numeric value of %zu bytes is corrupt", len);
	memcpy(&header, data, sizeof(uint16));

	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
		status = DECIMAL_NOT_FINITE;
	else
	{
		if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SHORT)
		{
			negative = (header & NUMERIC_SHORT_SIGN_MASK) != 0;
			weight = (header & NUMERIC_SHORT_WEIGHT_MASK);
			if (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK)
				weight |= ~NUMERIC_SHORT_WEIGHT_MASK;
			digits = data + sizeof(uint16);
			ndigits = (len - sizeof(uint16)) / sizeof(int16);
		}
		else
		{
			int16		long_weight;

			if (len < 2 * sizeof(uint16))
				elog(ERROR, "numeric value of %zu bytes is corrupt", len);
			negative = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
			memcpy(&long_weight, data + sizeof(uint16), sizeof(int16));
			weight = long_weight;
			digits = data + 2 * sizeof(uint16);
			ndigits = (len - 2 * sizeof(uint16)) / sizeof(int16);
		}

		/*
		 * Digit i (base 10000) is worth digit * 10^(4 * (weight - i) + scale)
		 * in the scaled result.
		 */
		for (int i = 0; i < ndigits && status == DECIMAL_OK; i++)
		{
			int16		digit;
			int			exponent = NUMERIC_DIGIT_DECIMALS * (weight - i) + scale;

			memcpy(&digit, digits + i * sizeof(int16), sizeof(int16));
			if (digit == 0)
				continue;
			if (exponent >= 0)
			{
				if (exponent > 18 ||
					digit > (DECIMAL_MAX_SCALED - value) / powers_of_ten[exponent])
					status = DECIMAL_OUT_OF_RANGE;
				else
					value += digit * powers_of_ten[exponent];
			}
			else if (-exponent < NUMERIC_DIGIT_DECIMALS &&
					 digit % powers_of_ten[-exponent] == 0)
				value += digit / powers_of_ten[-exponent];
			else
				status = DECIMAL_TOO_PRECISE;
		}
		*result = negative ? -value : value;
	}

	if ((Pointer) packed != DatumGetPointer(numeric))
		pfree(packed);
	return status;
}

char *
decimal_to_cstring(int64 scaled, int scale, int min_decimals)
{
	int64		unit = powers_of_ten[scale];
	uint64		magnitude = scaled < 0 ? -(uint64) scaled : (uint64) scaled;
	uint64		whole = magnitude / unit;
	uint64		fraction = magnitude % unit;
	int			decimals = scale;
	char		buf[64];
	int			pos;

	while (decimals > min_decimals && fraction % 10 == 0)
	{
		fraction /= 10;
		decimals--;
	}
	pos = snprintf(buf, sizeof(buf), "%s" UINT64_FORMAT,
				   scaled < 0 ? "-" : "", whole);
	if (decimals > 0)
		snprintf(buf + pos, sizeof(buf) - pos, ".%0*" INT64_MODIFIER "u",
				 decimals, fraction);
	return pstrdup(buf);
}

Datum
decimal_make_numeric(int64 scaled, int scale, int min_decimals)
{
	while (scale > min_decimals && scaled % 10 == 0)
	{
		scaled /= 10;
		scale--;
	}
	if (scale == 0)
		return NumericGetDatum(int64_to_numeric(scaled));
	return NumericGetDatum(int64_div_fast_to_numeric(scaled, scale));
}

char *
decimal_numeric_text(Datum numeric)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, numeric));
}
