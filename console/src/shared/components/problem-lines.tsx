import { Stack, Text } from '@mantine/core';

/** A translated problem and its detail lines (per module, per field) for an alert or notification. */
export function ProblemLines({ text, lines }: { text: string; lines: string[] }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{text}</Text>
      {lines.map((line) => (
        <Text key={line} size="sm" data-testid="problem-line">
          {line}
        </Text>
      ))}
    </Stack>
  );
}
