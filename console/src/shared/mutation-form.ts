/** What a form that sends one mutation gets from its page: whether it is being sent, its error, where it goes. */
export interface MutationFormProps<T> {
  pending: boolean;
  error: unknown;
  onSubmit: (value: T) => void;
}
