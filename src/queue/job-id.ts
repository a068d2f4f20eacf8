/** A part of a BullMQ job id: BullMQ refuses ':' in custom ids, and room / contact ids go inside ours. */
export function jobIdPart(id: string): string {
  return id.replace(/:/g, '_')
}
